using System.Diagnostics.Metrics;
using AiGateway.Gateway.Telemetry;

namespace AiGateway.Gateway.Capacity;

/// <summary>The capacity queue's instruments, on the gateway's meter.</summary>
public sealed class CapacityMetrics
{
    public const string QueueLengthName = "aigw.capacity.queue.length";
    public const string QueueWaitName = "aigw.capacity.queue.wait";
    public const string ShedName = "aigw.capacity.shed";

    public CapacityMetrics(IMeterFactory meterFactory, CapacityQueues queues)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(queues);
        var meter = meterFactory.Create(GatewayMetrics.MeterName);
        meter.CreateObservableGauge(QueueLengthName, () => Lengths(queues), "{request}", "Requests waiting for capacity, by alias and priority class.");
        Wait = meter.CreateHistogram<double>(
            QueueWaitName, "s", "How long requests waited for capacity, by alias, class and how the wait ended.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] });
        Shed = meter.CreateCounter<long>(ShedName, "{request}", "Requests refused for want of capacity, by alias, class and reason (not_queued, queue_full, timed_out).");
    }

    public Histogram<double> Wait { get; }
    public Counter<long> Shed { get; }

    private static IEnumerable<Measurement<int>> Lengths(CapacityQueues queues)
    {
        foreach (var figures in queues.Figures())
        {
            yield return new Measurement<int>(
                figures.Length,
                new KeyValuePair<string, object?>(MetricAttributes.Alias, figures.Alias),
                new KeyValuePair<string, object?>(MetricAttributes.Priority, MetricValues.Priority(figures.Priority)));
        }
    }
}
