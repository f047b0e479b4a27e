namespace AiGateway.Gateway.Metering;

/// <summary>
/// What every buffer of records between the request path and the database shares (<see cref="UsageRecorder"/> and
/// <see cref="ThrottleEventRecorder"/>, each emptied by its writer): why a record was dropped, and the writers' retry rhythm.
/// </summary>
public static class RecordBuffering
{
    /// <summary>
    /// The tag on a buffer's dropped counter that says why: <c>buffer_full</c>, <c>stopped</c>, <c>rejected</c> or
    /// <c>shutdown</c>; for usage also <c>spool_full</c> (the spool reached <c>Metering:SpoolMaxMegabytes</c>),
    /// <c>spool_failed</c> (the disk refused the write) and <c>torn</c> (a line of a spool file cut short by a crash).
    /// </summary>
    public const string ReasonTag = "reason";

    internal const string BufferFull = "buffer_full";
    internal const string Stopped = "stopped";
    internal const string Rejected = "rejected";
    internal const string Shutdown = "shutdown";
    internal const string SpoolFull = "spool_full";
    internal const string SpoolFailed = "spool_failed";
    internal const string Torn = "torn";

    /// <summary>At most one warning per interval while records are being dropped; the next one says how many were.</summary>
    internal static readonly TimeSpan WarningInterval = TimeSpan.FromSeconds(10);

    internal static readonly TimeSpan FirstRetryDelay = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    /// <summary>Failed attempts against a reachable database before a batch is halved, or a single record dropped.</summary>
    internal const int AttemptsBeforeSplitting = 5;
}
