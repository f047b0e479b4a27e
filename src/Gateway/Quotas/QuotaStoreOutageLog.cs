using Microsoft.Extensions.Logging;

namespace AiGateway.Gateway.Quotas;

/// <summary>
/// Logs an outage of the quota store (Redis failing closed) as a few lines rather than one per refused request: the
/// first refusal is an error with the exception, then one error per <see cref="Interval"/> with the number of requests
/// refused since the last line, and one line when the store answers again. A store that is down refuses every request,
/// so logging each one with its stack trace wrote megabytes a minute and drowned everything else.
/// </summary>
/// <remarks>
/// The request path pays one volatile read when the store answers (to notice a recovery); the lock is taken only
/// while the store is failing, when the request is being refused anyway.
/// </remarks>
public sealed partial class QuotaStoreOutageLog(TimeProvider clock, ILogger logger)
{
    /// <summary>How often a continuing outage is reported.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(15);

    private readonly Lock _lock = new();
    private volatile bool _failing;
    private DateTimeOffset _since;
    private DateTimeOffset _lastReported;
    private long _refusedSinceReport;
    private long _refusedInOutage;

    /// <summary>A request was refused because the store could not be reached.</summary>
    public void Refused(string requestId, Exception exception)
    {
        lock (_lock)
        {
            var now = clock.GetUtcNow();
            _refusedInOutage++;
            if (!_failing)
            {
                _failing = true;
                _since = now;
                _lastReported = now;
                _refusedSinceReport = 0;
                Log.OutageStarted(logger, requestId, exception);
                return;
            }

            _refusedSinceReport++;
            if (now - _lastReported >= Interval)
            {
                Log.OutageContinues(logger, _refusedSinceReport, (long)(now - _lastReported).TotalSeconds, (long)(now - _since).TotalSeconds, exception.Message);
                _lastReported = now;
                _refusedSinceReport = 0;
            }
        }
    }

    /// <summary>The store answered; ends an outage in progress with one line.</summary>
    public void Answered()
    {
        if (!_failing)
        {
            return;
        }

        lock (_lock)
        {
            if (!_failing)
            {
                return;
            }

            _failing = false;
            Log.OutageEnded(logger, (long)(clock.GetUtcNow() - _since).TotalSeconds, _refusedInOutage);
            _refusedInOutage = 0;
            _refusedSinceReport = 0;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(301, LogLevel.Error, "The quota store is unavailable: requests are refused with 503 until it answers (first refused: request {RequestId}); further refusals are counted and reported every 15 s")]
        public static partial void OutageStarted(ILogger logger, string requestId, Exception exception);

        [LoggerMessage(303, LogLevel.Error, "The quota store is still unavailable: {Refused} requests refused in the last {Seconds} s ({OutageSeconds} s since the outage began): {Reason}")]
        public static partial void OutageContinues(ILogger logger, long refused, long seconds, long outageSeconds, string reason);

        [LoggerMessage(304, LogLevel.Information, "The quota store answers again after {OutageSeconds} s; {Refused} requests were refused meanwhile")]
        public static partial void OutageEnded(ILogger logger, long outageSeconds, long refused);
    }
}
