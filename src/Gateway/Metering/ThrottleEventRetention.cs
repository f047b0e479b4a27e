using AiGateway.Shared.Services.Throttling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// Deletes throttle events older than <see cref="MeteringOptions.ThrottleEventRetentionDays"/>, at start and then
/// hourly, so a throttle storm does not grow the table for ever. Every replica runs it: deleting what is already gone
/// deletes nothing, so they need no coordination.
/// </summary>
public sealed partial class ThrottleEventRetention(ThrottleEventStore store, IOptions<MeteringOptions> options, TimeProvider clock, ILogger<ThrottleEventRetention> logger)
    : BackgroundService
{
    internal static readonly TimeSpan Interval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                await PruneAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(Interval, clock, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal async Task PruneAsync(CancellationToken ct)
    {
        var cutoff = clock.GetUtcNow() - TimeSpan.FromDays(options.Value.ThrottleEventRetentionDays);
        try
        {
            var deleted = await store.DeleteOlderThanAsync(cutoff, ct).ConfigureAwait(false);
            if (deleted > 0)
            {
                Log.Pruned(logger, deleted, cutoff);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The next round tries again; nothing is lost by waiting.
            Log.PruneFailed(logger, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Deleted {Count} throttle events from before {Cutoff:u} (Metering:ThrottleEventRetentionDays)")]
        public static partial void Pruned(ILogger logger, int count, DateTimeOffset cutoff);

        [LoggerMessage(2, LogLevel.Warning, "Could not delete old throttle events; trying again in an hour")]
        public static partial void PruneFailed(ILogger logger, Exception exception);
    }
}
