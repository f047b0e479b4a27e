using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Capacity;

/// <summary>
/// Each deployment's recent time to first token, as an exponential moving average of successful answers (the first
/// byte of a stream, or the whole answer when it is not streamed, which is when its first byte comes).
/// </summary>
public sealed class DeploymentLatencies(IOptionsMonitor<CapacityOptions> options)
{
    private readonly ConcurrentDictionary<Guid, StrongBox> _averages = new();

    /// <summary>The moving average in milliseconds, or null for a deployment not measured yet.</summary>
    public double? AverageMs(Guid deploymentId) =>
        _averages.TryGetValue(deploymentId, out var box) ? Volatile.Read(ref box.Value) : null;

    public void Record(Guid deploymentId, double firstTokenMs)
    {
        var smoothing = options.CurrentValue.LatencySmoothing;
        var box = _averages.GetOrAdd(deploymentId, static (_, first) => new StrongBox(first), firstTokenMs);
        double seen, next;
        do
        {
            seen = Volatile.Read(ref box.Value);
            next = seen + (smoothing * (firstTokenMs - seen));
        }
        while (Interlocked.CompareExchange(ref box.Value, next, seen) != seen);
    }

    private sealed class StrongBox(double value)
    {
        public double Value = value;
    }
}
