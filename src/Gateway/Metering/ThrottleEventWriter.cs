using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Throttling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// Empties the <see cref="ThrottleEventRecorder"/>'s buffer into the database off the request path, on the same rhythm
/// and with the same failure handling as usage (<see cref="RecordBufferWriter{T}"/>).
/// </summary>
public sealed partial class ThrottleEventWriter(ThrottleEventRecorder recorder, ThrottleEventStore store, IOptions<MeteringOptions> options, TimeProvider clock, ILogger<ThrottleEventWriter> logger)
    : RecordBufferWriter<ThrottleEvent>(recorder, options, clock)
{
    protected override async Task<int> WriteBatchAsync(List<ThrottleEvent> batch, CancellationToken ct)
    {
        await store.WriteAsync(batch, ct).ConfigureAwait(false);
        return batch.Count;
    }

    protected override Task<bool> CanConnectAsync(CancellationToken ct) => store.CanConnectAsync(ct);

    protected override void LogWriteFailed(int count, int attempt, bool reachable, double delaySeconds, Exception exception) =>
        Log.WriteFailed(logger, count, attempt, reachable, delaySeconds, exception);

    protected override void LogRecovered(int count, int attempt) => Log.Recovered(logger, count, attempt);

    protected override void LogRejected(ThrottleEvent record, Exception exception) => Log.Rejected(logger, record.RequestId, exception);

    protected override void LogLostAtShutdown(int count) => Log.LostAtShutdown(logger, count);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not write {Count} throttle events (attempt {Attempt}, database reachable: {Reachable}); retrying in {DelaySeconds} s")]
        public static partial void WriteFailed(ILogger logger, int count, int attempt, bool reachable, double delaySeconds, Exception exception);

        [LoggerMessage(2, LogLevel.Information, "Wrote {Count} throttle events after {Attempt} attempts")]
        public static partial void Recovered(ILogger logger, int count, int attempt);

        [LoggerMessage(3, LogLevel.Error, "The database refuses the throttle event of request {RequestId}; it was dropped")]
        public static partial void Rejected(ILogger logger, string requestId, Exception exception);

        [LoggerMessage(4, LogLevel.Error, "Shutdown time ran out before {Count} throttle events could be written; they are lost")]
        public static partial void LostAtShutdown(ILogger logger, int count);
    }
}
