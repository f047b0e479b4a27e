using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace AiGateway.Gateway.Quotas;

/// <summary>
/// Fail-open around a shared store: while the primary (Redis) cannot be reached, this replica reserves from its own
/// in-process store instead, so the gateway keeps serving and limits still hold, per replica rather than across them.
/// </summary>
/// <remarks>
/// <para>After a failure the primary rests for a short while (<c>Quotas:RedisRetrySeconds</c>) before it is tried
/// again, so a server that hangs rather than refuses costs one request its timeout, not every request. A warning is
/// logged when the primary fails, then at most once a minute while it keeps failing; recovery is logged once.</para>
/// <para>A reservation taken from the fallback is settled and released on the fallback, even once the primary is
/// back: the fallback holds its counts. It is recognised by reference (a weak table, so nothing is kept alive), which
/// leaves <see cref="QuotaReservation"/> as it is. A settlement or release of a primary reservation that cannot reach
/// the primary is dropped: the primary keeps the estimate, and its window ends soon enough.</para>
/// </remarks>
public sealed partial class FallbackQuotaStore : IQuotaStore
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);
    private static readonly object Taken = new();

    private readonly IQuotaStore _primary;
    private readonly IQuotaStore _fallback;
    private readonly TimeSpan _retryDelay;
    private readonly TimeProvider _clock;
    private readonly ILogger<FallbackQuotaStore> _logger;
    private readonly ConditionalWeakTable<QuotaReservation, object> _fallbackReservations = new();

    private long _primaryRestsUntilTicks;
    private long _nextWarningTicks;
    private int _primaryFailing;
    private int _fallbackReservationsSinceLog;

    public FallbackQuotaStore(IQuotaStore primary, IQuotaStore fallback, TimeSpan retryDelay, TimeProvider clock, ILogger<FallbackQuotaStore> logger)
    {
        ArgumentNullException.ThrowIfNull(primary);
        ArgumentNullException.ThrowIfNull(fallback);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        _primary = primary;
        _fallback = fallback;
        _retryDelay = retryDelay;
        _clock = clock;
        _logger = logger;
    }

    public async ValueTask<QuotaDecision> ReserveAsync(IReadOnlyList<QuotaCounter> counters, QuotaAmount estimate, CancellationToken ct)
    {
        if (!PrimaryResting())
        {
            try
            {
                var decision = await _primary.ReserveAsync(counters, estimate, ct);
                NotePrimaryAnswered();
                return decision;
            }
            catch (QuotaStoreUnavailableException e)
            {
                NotePrimaryFailed(e);
            }
        }

        var fallbackDecision = await _fallback.ReserveAsync(counters, estimate, ct);
        if (fallbackDecision.Reservation is { } reservation)
        {
            _fallbackReservations.AddOrUpdate(reservation, Taken);
            Interlocked.Increment(ref _fallbackReservationsSinceLog);
        }

        return fallbackDecision;
    }

    public async ValueTask SettleAsync(QuotaReservation reservation, QuotaAmount actual, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if (_fallbackReservations.Remove(reservation))
        {
            await _fallback.SettleAsync(reservation, actual, ct);
        }
        else if (!PrimaryResting())
        {
            try
            {
                await _primary.SettleAsync(reservation, actual, ct);
                NotePrimaryAnswered();
            }
            catch (QuotaStoreUnavailableException e)
            {
                NotePrimaryFailed(e);
            }
        }
    }

    public async ValueTask ReleaseAsync(QuotaReservation reservation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if (_fallbackReservations.Remove(reservation))
        {
            await _fallback.ReleaseAsync(reservation, ct);
        }
        else if (!PrimaryResting())
        {
            try
            {
                await _primary.ReleaseAsync(reservation, ct);
                NotePrimaryAnswered();
            }
            catch (QuotaStoreUnavailableException e)
            {
                NotePrimaryFailed(e);
            }
        }
    }

    private bool PrimaryResting() => _clock.GetUtcNow().UtcTicks < Interlocked.Read(ref _primaryRestsUntilTicks);

    private void NotePrimaryFailed(QuotaStoreUnavailableException e)
    {
        var now = _clock.GetUtcNow().UtcTicks;
        Interlocked.Exchange(ref _primaryRestsUntilTicks, now + _retryDelay.Ticks);
        Interlocked.Exchange(ref _primaryFailing, 1);

        // One thread wins the right to log per interval; the rest count silently.
        var next = Interlocked.Read(ref _nextWarningTicks);
        if (now >= next && Interlocked.CompareExchange(ref _nextWarningTicks, now + WarningInterval.Ticks, next) == next)
        {
            var counted = Interlocked.Exchange(ref _fallbackReservationsSinceLog, 0);
            Log.PrimaryUnavailable(_logger, counted, _retryDelay.TotalSeconds, e);
        }
    }

    private void NotePrimaryAnswered()
    {
        if (Volatile.Read(ref _primaryFailing) == 1 && Interlocked.Exchange(ref _primaryFailing, 0) == 1)
        {
            Interlocked.Exchange(ref _nextWarningTicks, 0);
            Log.PrimaryRecovered(_logger, Interlocked.Exchange(ref _fallbackReservationsSinceLog, 0));
        }
    }

    private static partial class Log
    {
        [LoggerMessage(600, LogLevel.Warning, "Quota store unavailable: counting quotas on this replica only ({Counted} requests counted locally since the last report); retrying it after {RetrySeconds} s")]
        public static partial void PrimaryUnavailable(ILogger logger, int counted, double retrySeconds, Exception exception);

        [LoggerMessage(601, LogLevel.Information, "Quota store reachable again: quotas are shared across replicas ({Counted} requests were counted locally since the last report)")]
        public static partial void PrimaryRecovered(ILogger logger, int counted);
    }
}
