using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Shared.Services.Chargeback;

/// <summary>
/// Closes every day <see cref="ChargebackOptions.CloseAfter"/> after it ends, at start and then every
/// <see cref="ChargebackOptions.CheckInterval"/>. Every replica runs it; the database lets only one close each day.
/// Days a failed round could not close stay open (provisional) until the next one manages.
/// </summary>
public sealed partial class ChargebackPeriodCloser(
    ChargebackPeriodService periods,
    IOptions<ChargebackOptions> options,
    TimeProvider clock,
    ILogger<ChargebackPeriodCloser> logger) : RecurringWork(clock)
{
    protected override TimeSpan Interval => options.Value.CheckInterval;

    protected override bool Enabled => options.Value.CloseDays;

    protected override async Task RunRoundAsync(CancellationToken ct)
    {
        var closed = await periods.CloseDueDaysAsync(ct).ConfigureAwait(false);
        if (closed > 0)
        {
            Log.Closed(logger, closed);
        }
    }

    protected override void RoundFailed(Exception exception) => Log.CloseFailed(logger, exception);

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Closed {Count} chargeback days: their fixed costs are allocated and stored")]
        public static partial void Closed(ILogger logger, int count);

        [LoggerMessage(2, LogLevel.Warning, "Could not close chargeback days; trying again after Chargeback:CheckInterval")]
        public static partial void CloseFailed(ILogger logger, Exception exception);
    }
}
