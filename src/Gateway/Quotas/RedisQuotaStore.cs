using StackExchange.Redis;

namespace AiGateway.Gateway.Quotas;

/// <summary>
/// Quota counters in Redis, shared by every replica. Reserve, settle and release are one Lua script each, so a
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

    public async ValueTask<QuotaDecision> ReserveAsync(IReadOnlyList<QuotaCounter> counters, long estimatedTokens, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentOutOfRangeException.ThrowIfNegative(estimatedTokens);
        ct.ThrowIfCancellationRequested();
        var windows = QuotaWindows.Of(clock.GetUtcNow());
        var counted = Counted(counters);
        if (counted.Length == 0)
        {
            return new QuotaDecision(new QuotaReservation(counters, estimatedTokens, windows.At), null, null, null, null, null);
        }

        var suffixes = RedisQuotaKeys.Suffixes(windows);
        var keys = new RedisKey[counted.Length * 4];
        var args = new RedisValue[4 + (counted.Length * 4)];
        args[0] = estimatedTokens;
        args[1] = MinuteKeyLifetime;
        args[2] = DayKeyLifetime;
        args[3] = MonthKeyLifetime;
        for (var c = 0; c < counted.Length; c++)
        {
            var prefix = RedisQuotaKeys.Prefix(counted[c]);
            var limits = counted[c].Limits;
            keys[4 * c] = prefix + suffixes.Requests;
            keys[(4 * c) + 1] = prefix + suffixes.MinuteTokens;
            keys[(4 * c) + 2] = prefix + suffixes.DayTokens;
            keys[(4 * c) + 3] = prefix + suffixes.MonthTokens;
            args[4 + (4 * c)] = Limit(limits.RequestsPerMinute);
            args[5 + (4 * c)] = Limit(limits.TokensPerMinute);
            args[6 + (4 * c)] = Limit(limits.DailyTokenBudget);
            args[7 + (4 * c)] = Limit(limits.MonthlyTokenBudget);
        }

        var reply = (long[]?)await EvaluateAsync(RedisQuotaScripts.Reserve, keys, args)
            ?? throw new QuotaStoreUnavailableException("The Redis quota script returned nothing.");
        var requestsLeft = reply[2] < 0 ? (long?)null : reply[2];
        var tokensLeft = reply[3] < 0 ? (long?)null : reply[3];
        if (reply[0] < 0)
        {
            var reservation = new QuotaReservation(counters, estimatedTokens, windows.At);
            return new QuotaDecision(reservation, null, null, null, requestsLeft, tokensLeft);
        }

        var deniedBy = reply[0] switch
        {
            0 => QuotaLimitKind.RequestsPerMinute,
            1 => QuotaLimitKind.TokensPerMinute,
            2 => QuotaLimitKind.DailyTokenBudget,
            3 => QuotaLimitKind.MonthlyTokenBudget,
            _ => QuotaLimitKind.RequestTooLarge,
        };
        var policy = counted[(int)reply[1]].Limits.PolicyId;
        return new QuotaDecision(null, deniedBy, policy, windows.RetryAfter(deniedBy), requestsLeft, tokensLeft);
    }

    public async ValueTask SettleAsync(QuotaReservation reservation, long actualTokens, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentOutOfRangeException.ThrowIfNegative(actualTokens);
        ct.ThrowIfCancellationRequested();
        var tokens = actualTokens - reservation.ReservedTokens;
        if (tokens != 0)
        {
            await AdjustAsync(reservation, requests: 0, tokens);
        }
    }

    public async ValueTask ReleaseAsync(QuotaReservation reservation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ct.ThrowIfCancellationRequested();
        await AdjustAsync(reservation, requests: -1, -reservation.ReservedTokens);
    }

    private async ValueTask AdjustAsync(QuotaReservation reservation, int requests, long tokens)
    {
        var counted = Counted(reservation.Counters);
        var suffixes = RedisQuotaKeys.Suffixes(QuotaWindows.Of(reservation.At));
        List<RedisKey>? keys = null;
        List<RedisValue>? deltas = null;
        foreach (var counter in counted)
        {
            var prefix = RedisQuotaKeys.Prefix(counter);
            var limits = counter.Limits;
            Correct(counter.TeamId, prefix, suffixes.Requests, limits.RequestsPerMinute, requests);
            Correct(counter.TeamId, prefix, suffixes.MinuteTokens, limits.TokensPerMinute, tokens);
            Correct(counter.TeamId, prefix, suffixes.DayTokens, limits.DailyTokenBudget, tokens);
            Correct(counter.TeamId, prefix, suffixes.MonthTokens, limits.MonthlyTokenBudget, tokens);
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
