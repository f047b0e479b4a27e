using StackExchange.Redis;

namespace AiGateway.Gateway.Quotas;

/// <summary>
/// Quota counters (requests, tokens, and cost in micro-units) in Redis, shared by every replica. Reserve, settle and release are one Lua script each, so a
/// reservation is checked and taken over all its counters in one atomic step on the server; counter keys expire by
/// themselves a while after their window ends (see <see cref="RedisQuotaKeys"/>).
/// </summary>
/// <remarks>
/// Any failure to reach Redis surfaces as <see cref="QuotaStoreUnavailableException"/>: on its own this store fails
/// closed; <see cref="FallbackQuotaStore"/> turns that into fail-open. A call is not cancelled once sent (its outcome
/// would be unknown: a reservation might be taken with nobody to release it), so <c>ct</c> is observed only before
/// sending; the multiplexer's own timeout bounds the wait. All counters of one call should belong to one team, so that
/// on Redis Cluster their keys share a slot.
/// <para>Given <paramref name="corrections"/> (as the gateway is configured by default), settlements and releases are
/// handed to it and sent in batches, off the request path; without, each is sent at once and awaited.</para>
/// </remarks>
public sealed class RedisQuotaStore(IConnectionMultiplexer redis, TimeProvider clock, RedisCounterCorrections? corrections = null) : IQuotaStore
{
    private static readonly RedisValue MinuteKeyLifetime = (long)RedisQuotaKeys.MinuteKeyLifetime.TotalMilliseconds;
    private static readonly RedisValue DayKeyLifetime = (long)RedisQuotaKeys.DayKeyLifetime.TotalMilliseconds;
    private static readonly RedisValue MonthKeyLifetime = (long)RedisQuotaKeys.MonthKeyLifetime.TotalMilliseconds;

    public async ValueTask<QuotaDecision> ReserveAsync(IReadOnlyList<QuotaCounter> counters, QuotaAmount estimate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(counters);
        estimate.ThrowIfNegative(nameof(estimate));
        ct.ThrowIfCancellationRequested();
        var windows = QuotaWindows.Of(clock.GetUtcNow());
        var counted = Counted(counters);
        if (counted.Length == 0)
        {
            return new QuotaDecision(new QuotaReservation(counters, estimate, windows.At), null, null, null, null, null);
        }

        // Cost keys only when some counter has a cost budget: a call without one stays as small as it was.
        var stride = QuotaRules.AnyCostBudget(counted) ? 6 : 4;
        var suffixes = RedisQuotaKeys.Suffixes(windows);
        var costSuffixes = stride == 6 ? RedisQuotaKeys.CostSuffixesOf(windows) : default;
        var keys = new RedisKey[counted.Length * stride];
        var args = new RedisValue[6 + (counted.Length * stride)];
        args[0] = estimate.Tokens;
        args[1] = estimate.CostMicros;
        args[2] = MinuteKeyLifetime;
        args[3] = DayKeyLifetime;
        args[4] = MonthKeyLifetime;
        args[5] = stride;
        for (var c = 0; c < counted.Length; c++)
        {
            var prefix = RedisQuotaKeys.Prefix(counted[c]);
            var limits = counted[c].Limits;
            var at = stride * c;
            keys[at] = prefix + suffixes.Requests;
            keys[at + 1] = prefix + suffixes.MinuteTokens;
            keys[at + 2] = prefix + suffixes.DayTokens;
            keys[at + 3] = prefix + suffixes.MonthTokens;
            args[6 + at] = Limit(limits.RequestsPerMinute);
            args[7 + at] = Limit(limits.TokensPerMinute);
            args[8 + at] = Limit(limits.DailyTokenBudget);
            args[9 + at] = Limit(limits.MonthlyTokenBudget);
            if (stride == 6)
            {
                keys[at + 4] = prefix + costSuffixes.DayCost;
                keys[at + 5] = prefix + costSuffixes.MonthCost;
                args[10 + at] = Limit(limits.DailyCostBudgetMicros);
                args[11 + at] = Limit(limits.MonthlyCostBudgetMicros);
            }
        }

        var reply = (long[]?)await EvaluateAsync(RedisQuotaScripts.Reserve, keys, args)
            ?? throw new QuotaStoreUnavailableException("The Redis quota script returned nothing.");
        var requestsLeft = reply[2] < 0 ? (long?)null : reply[2];
        var tokensLeft = reply[3] < 0 ? (long?)null : reply[3];
        if (reply[0] < 0)
        {
            var reservation = new QuotaReservation(counters, estimate, windows.At);
            return new QuotaDecision(reservation, null, null, null, requestsLeft, tokensLeft);
        }

        var deniedBy = (QuotaLimitKind)reply[0];
        var policy = counted[(int)reply[1]].Limits.PolicyId;
        return new QuotaDecision(null, deniedBy, policy, windows.RetryAfter(deniedBy), requestsLeft, tokensLeft)
        {
            RemainingCostMicros = reply[4] < 0 ? null : reply[4],
        };
    }

    public async ValueTask SettleAsync(QuotaReservation reservation, QuotaAmount actual, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        actual.ThrowIfNegative(nameof(actual));
        ct.ThrowIfCancellationRequested();
        var change = actual - reservation.Reserved;
        if (!change.IsZero)
        {
            await AdjustAsync(reservation, requests: 0, change);
        }
    }

    public async ValueTask ReleaseAsync(QuotaReservation reservation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ct.ThrowIfCancellationRequested();
        await AdjustAsync(reservation, requests: -1, -reservation.Reserved);
    }

    private async ValueTask AdjustAsync(QuotaReservation reservation, int requests, QuotaAmount change)
    {
        var counted = Counted(reservation.Counters);
        var windows = QuotaWindows.Of(reservation.At);
        var suffixes = RedisQuotaKeys.Suffixes(windows);
        RedisQuotaKeys.CostSuffixes? costSuffixes = null;
        List<RedisKey>? keys = null;
        List<RedisValue>? deltas = null;
        foreach (var counter in counted)
        {
            var prefix = RedisQuotaKeys.Prefix(counter);
            var limits = counter.Limits;
            Correct(counter.TeamId, prefix, suffixes.Requests, limits.RequestsPerMinute, requests);
            Correct(counter.TeamId, prefix, suffixes.MinuteTokens, limits.TokensPerMinute, change.Tokens);
            Correct(counter.TeamId, prefix, suffixes.DayTokens, limits.DailyTokenBudget, change.Tokens);
            Correct(counter.TeamId, prefix, suffixes.MonthTokens, limits.MonthlyTokenBudget, change.Tokens);
            if (change.CostMicros != 0 && QuotaRules.HasCostBudget(limits))
            {
                costSuffixes ??= RedisQuotaKeys.CostSuffixesOf(windows);
                Correct(counter.TeamId, prefix, costSuffixes.Value.DayCost, limits.DailyCostBudgetMicros, change.CostMicros);
                Correct(counter.TeamId, prefix, costSuffixes.Value.MonthCost, limits.MonthlyCostBudgetMicros, change.CostMicros);
            }
        }

        if (keys is not null)
        {
            await EvaluateAsync(RedisQuotaScripts.Adjust, [.. keys], [.. deltas!]);
        }

        // A counter without a limit was never written, so there is nothing to correct.
        void Correct(Guid team, string prefix, string window, long? limit, long delta)
        {
            if (delta == 0 || limit is null)
            {
                return;
            }

            var key = prefix + window;
            if (corrections is not null)
            {
                corrections.Add(team, key, delta);
            }
            else
            {
                (keys ??= []).Add(key);
                (deltas ??= []).Add(delta);
            }
        }
    }

    private async Task<RedisResult> EvaluateAsync(string script, RedisKey[] keys, RedisValue[] args)
    {
        try
        {
            return await redis.GetDatabase().ScriptEvaluateAsync(script, keys, args);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            throw new QuotaStoreUnavailableException("The Redis quota store could not be reached: " + e.Message, e);
        }
    }

    /// <summary>The counters that count anything, each team's policy once.</summary>
    private static QuotaCounter[] Counted(IReadOnlyList<QuotaCounter> counters)
    {
        var count = 0;
        for (var i = 0; i < counters.Count; i++)
        {
            if (QuotaRules.Counts(counters, i))
            {
                count++;
            }
        }

        if (count == 0)
        {
            return [];
        }

        var counted = new QuotaCounter[count];
        for (int i = 0, c = 0; i < counters.Count; i++)
        {
            if (QuotaRules.Counts(counters, i))
            {
                counted[c++] = counters[i];
            }
        }

        return counted;
    }

    private static RedisValue Limit(long? limit) => limit is { } value ? value : RedisValue.EmptyString;
}
