using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Shared.Services.Budgets;

/// <summary>
/// Checks the budgets against their notice thresholds at start and then every <c>Budgets:CheckInterval</c> (a minute
/// by default), on this replica's clock. Spend only grows within a period, so a threshold a failed round missed is
/// seen by the next one.
/// </summary>
public sealed partial class BudgetNoticeService(
    BudgetThresholdChecker checker, IOptions<BudgetOptions> options, TimeProvider clock, ILogger<BudgetNoticeService> logger)
    : RecurringWork(clock)
{
    protected override TimeSpan Interval => options.Value.CheckInterval;

    protected override async Task RunRoundAsync(CancellationToken ct)
    {
        var sent = await checker.CheckAsync(ct).ConfigureAwait(false);
        if (sent > 0)
        {
            Log.Sent(logger, sent);
        }
    }

    protected override void RoundFailed(Exception exception) => Log.CheckFailed(logger, exception);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Sent {Count} budget threshold notices")]
        public static partial void Sent(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Warning, "Could not check budgets against their notice thresholds; trying again at the next interval")]
        public static partial void CheckFailed(ILogger logger, Exception exception);
    }
}
