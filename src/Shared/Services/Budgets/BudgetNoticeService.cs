using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Shared.Services.Budgets;

/// <summary>
/// Checks the budgets against their notice thresholds at start and then every <c>Budgets:CheckInterval</c> (a minute
/// by default), on this replica's clock. A failed round is logged and the next one tries again: spend only grows
/// within a period, so a threshold missed once is seen by the next round.
/// </summary>
public sealed partial class BudgetNoticeService(
    BudgetThresholdChecker checker, IOptions<BudgetOptions> options, TimeProvider clock, ILogger<BudgetNoticeService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.CheckInterval, clock);
        try
        {
            do
            {
                await CheckAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task CheckAsync(CancellationToken ct)
    {
        try
        {
            var sent = await checker.CheckAsync(ct).ConfigureAwait(false);
            if (sent > 0)
            {
                Log.Sent(logger, sent);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Log.CheckFailed(logger, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Sent {Count} budget threshold notices")]
        public static partial void Sent(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Warning, "Could not check budgets against their notice thresholds; trying again at the next interval")]
        public static partial void CheckFailed(ILogger logger, Exception exception);
    }
}
