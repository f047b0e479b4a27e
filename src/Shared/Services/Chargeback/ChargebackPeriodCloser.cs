using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Shared.Services.Chargeback;

/// <summary>
/// Closes every day <see cref="ChargebackOptions.CloseAfter"/> after it ends, at start and then every
/// <see cref="ChargebackOptions.CheckInterval"/>. Every replica runs it; the database lets only one close each day.
/// </summary>
public sealed partial class ChargebackPeriodCloser(
    ChargebackPeriodService periods,
    IOptions<ChargebackOptions> options,
    TimeProvider clock,
    ILogger<ChargebackPeriodCloser> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.CloseDays)
        {
            return;
        }

        try
        {
            while (true)
            {
                await CloseDueDaysAsync(stoppingToken).ConfigureAwait(false);
                await Task.Delay(options.Value.CheckInterval, clock, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal async Task CloseDueDaysAsync(CancellationToken ct)
    {
        try
        {
            var closed = await periods.CloseDueDaysAsync(ct).ConfigureAwait(false);
            if (closed > 0)
            {
                Log.Closed(logger, closed);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // Days stay open (provisional) until the next round manages; nothing is lost by waiting.
            Log.CloseFailed(logger, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Closed {Count} chargeback days: their fixed costs are allocated and stored")]
        public static partial void Closed(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Warning, "Could not close chargeback days; trying again after Chargeback:CheckInterval")]
        public static partial void CloseFailed(ILogger logger, Exception exception);
    }
}
