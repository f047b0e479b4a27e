using System.ComponentModel.DataAnnotations;

namespace AiGateway.Gateway.Metering;

/// <summary>Settings under <c>Metering</c>.</summary>
public sealed class MeteringOptions
{
    public const string SectionName = "Metering";

    /// <summary>
    /// <c>Metering:BufferCapacity</c>: usage records held in memory while the writer catches up (or the database is
    /// down); beyond it new records are dropped and counted.
    /// </summary>
    [Range(1, 10_000_000)]
    public int BufferCapacity { get; set; } = 10_000;

    /// <summary><c>Metering:BatchSize</c>: the most records written in one transaction.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 500;

    /// <summary>
    /// <c>Metering:FlushIntervalMilliseconds</c>: how long the writer lets records gather before it writes them, unless
    /// a full batch is waiting sooner or the host is stopping. One transaction per interval rather than one per
    /// handful of requests keeps the database's per-commit cost off the request rate. 0 writes as soon as records arrive.
    /// </summary>
    [Range(0, 60_000)]
    public int FlushIntervalMilliseconds { get; set; } = 1000;

    /// <summary>
    /// <c>Metering:ThrottleEventBufferCapacity</c>: quota refusals and backend throttles held in memory while the
    /// throttle event writer catches up; beyond it new events are dropped and counted. They are written with the same
    /// batch size and flush interval as usage records.
    /// </summary>
    [Range(1, 10_000_000)]
    public int ThrottleEventBufferCapacity { get; set; } = 10_000;

    /// <summary>
    /// <c>Metering:ThrottleEventRetentionDays</c>: how long quota refusals and backend throttles are kept for the
    /// throttling explorer; older ones are deleted hourly. Usage records are billing data and are never deleted here.
    /// </summary>
    [Range(1, 3650)]
    public int ThrottleEventRetentionDays { get; set; } = 30;
}
