using System.ComponentModel.DataAnnotations;

namespace AiGateway.Gateway.Metering;

/// <summary>Settings under <c>Metering</c>.</summary>
public sealed class MeteringOptions
{
    public const string SectionName = "Metering";

    /// <summary>
    /// <c>Metering:BufferCapacity</c>: usage records held in memory on their way to the spool, and again in the spool's
    /// memory while the database catches up (or is down). Beyond it the spool keeps further records only on disk and the
    /// database writer reads them back from there, so a long outage spills to disk instead of dropping records; the
    /// in-memory queue in front of the spool drops and counts only if the spool writer itself falls this far behind.
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

    /// <summary>
    /// <c>Metering:SpoolPath</c>: the folder of the usage spool, where every usage record is appended before it goes to
    /// the database. Default: <c>spool/usage</c> under the data folder (<c>Database:DataPath</c>). Replicas may share
    /// the folder: each writes and locks its own files, and adopts at start the files no live replica holds.
    /// </summary>
    public string? SpoolPath { get; set; }

    /// <summary>
    /// <c>Metering:SpoolFsyncIntervalMilliseconds</c>: how often the spool's open file is forced to disk (fsync). Each
    /// batch of records is written to the file (the operating system's cache) as soon as the spool writer takes it, so
    /// a killed process loses nothing it had spooled; this interval bounds what a crash of the whole machine (or a
    /// power loss) can lose. Shorter costs more disk flushes; 0 flushes after every write.
    /// </summary>
    [Range(0, 60_000)]
    public int SpoolFsyncIntervalMilliseconds { get; set; } = 200;

    /// <summary>
    /// <c>Metering:SpoolMaxMegabytes</c>: the most disk the spool may use while the database is behind or down; beyond
    /// it new usage records are dropped and counted (<c>aigw.usage.dropped</c>, reason <c>spool_full</c>).
    /// </summary>
    [Range(1, 1_000_000)]
    public int SpoolMaxMegabytes { get; set; } = 1024;
}
