namespace AiGateway.Simulator.State.Stateful;

/// <summary>An object a stateful API keeps: found by its id, evicted oldest first.</summary>
internal interface IStoredObject
{
    string Id { get; }
}
