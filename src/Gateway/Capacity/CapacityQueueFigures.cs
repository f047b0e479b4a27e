using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Capacity;

/// <summary>One alias's queue for one class, as the portal shows it.</summary>
/// <param name="Length">Requests waiting now.</param>
/// <param name="WaitP50Ms">Median wait of the recent requests that left the queue (admitted, shed or gone); null before any.</param>
/// <param name="WaitP95Ms">95th percentile of the same waits.</param>
/// <param name="Shed">Requests shed at their deadline since the gateway started.</param>
/// <param name="RefusedFull">Requests refused at once because the queue was full.</param>
public sealed record CapacityQueueFigures(
    string Alias, PriorityClass Priority, int Length, double? WaitP50Ms, double? WaitP95Ms, long Shed, long RefusedFull);
