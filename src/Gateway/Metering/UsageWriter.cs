using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Usage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// Empties the <see cref="UsageRecorder"/>'s buffer into the database off the request path: each batch goes in one
/// transaction with its hourly rollups, retried and split as <see cref="RecordBufferWriter{T}"/> describes.
/// </summary>
public sealed partial class UsageWriter(UsageRecorder recorder, UsageRollupWriter store, IOptions<MeteringOptions> options, TimeProvider clock, ILogger<UsageWriter> logger)
    : RecordBufferWriter<UsageRecord>(recorder, options, clock)
{
    protected override Task WriteBatchAsync(List<UsageRecord> batch, CancellationToken ct) => store.WriteAsync(batch, ct);

    protected override Task<bool> CanConnectAsync(CancellationToken ct) => store.CanConnectAsync(ct);

    protected override void LogWriteFailed(int count, int attempt, bool reachable, double delaySeconds, Exception exception) =>
        Log.WriteFailed(logger, count, attempt, reachable, delaySeconds, exception);

    protected override void LogRecovered(int count, int attempt) => Log.Recovered(logger, count, attempt);

    protected override void LogRejected(UsageRecord record, Exception exception) => Log.Rejected(logger, record.RequestId, record.TeamId, exception);

    protected override void LogLostAtShutdown(int count) => Log.LostAtShutdown(logger, count);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Could not write {Count} usage records (attempt {Attempt}, database reachable: {Reachable}); retrying in {DelaySeconds} s")]
        public static partial void WriteFailed(ILogger logger, int count, int attempt, bool reachable, double delaySeconds, Exception exception);

        [LoggerMessage(2, LogLevel.Information, "Wrote {Count} usage records after {Attempt} attempts")]
        public static partial void Recovered(ILogger logger, int count, int attempt);

        [LoggerMessage(3, LogLevel.Error, "The database refuses the usage record of request {RequestId} (team {TeamId}); it was dropped")]
        public static partial void Rejected(ILogger logger, string requestId, Guid teamId, Exception exception);

        [LoggerMessage(4, LogLevel.Error, "Shutdown time ran out before {Count} usage records could be written; they are lost")]
        public static partial void LostAtShutdown(ILogger logger, int count);
    }
}
