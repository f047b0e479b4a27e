using AiGateway.Gateway.Configuration;

namespace AiGateway.Gateway.Quotas;

/// <summary>
/// Quota counters in this process: right for a single replica, and the per-replica fallback of a shared store.
/// </summary>
/// <remarks>
/// One lock covers every counter, so a reservation checks and takes from all its counters in one step; the work
/// under it is a few dictionary look-ups and additions per counter, and nothing is allocated on the way except a
/// counter's first use. Each counter keeps only its current windows and resets one when time moves past it; once a
/// minute the first reservation drops counters none of whose windows is current any more, so policies that stop being
/// used do not stay in memory.
/// </remarks>
public sealed class InProcessQuotaStore(TimeProvider clock) : IQuotaStore
{
    private readonly Lock _lock = new();
    private readonly Dictionary<CounterKey, PolicyWindows> _counters = [];
    private long _sweptMinute = -1;

    /// <summary>How many team and policy pairs are held now (for tests of the pruning).</summary>
    internal int HeldCounters
    {
        get
        {
            lock (_lock)
            {
                return _counters.Count;
            }
        }
    }

    public ValueTask<QuotaDecision> ReserveAsync(IReadOnlyList<QuotaCounter> counters, long estimatedTokens, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(counters);
        ArgumentOutOfRangeException.ThrowIfNegative(estimatedTokens);
        ct.ThrowIfCancellationRequested();
        var windows = QuotaWindows.Of(clock.GetUtcNow());
        lock (_lock)
        {
            if (windows.Minute != _sweptMinute)
            {
                Sweep(windows);
                _sweptMinute = windows.Minute;
            }

            return ValueTask.FromResult(Reserve(counters, estimatedTokens, windows));
        }
    }

    public ValueTask SettleAsync(QuotaReservation reservation, long actualTokens, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ArgumentOutOfRangeException.ThrowIfNegative(actualTokens);
        ct.ThrowIfCancellationRequested();
        var tokens = actualTokens - reservation.ReservedTokens;
        if (tokens != 0)
        {
            Adjust(reservation, requests: 0, tokens);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ReleaseAsync(QuotaReservation reservation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ct.ThrowIfCancellationRequested();
        Adjust(reservation, requests: -1, -reservation.ReservedTokens);
        return ValueTask.CompletedTask;
    }

    private QuotaDecision Reserve(IReadOnlyList<QuotaCounter> counters, long tokens, QuotaWindows windows)
    {
        QuotaLimitKind? deniedBy = null;
        Guid? deniedPolicy = null;

        // Headroom is tracked both ways (if admitted, if refused) so one pass serves either outcome.
        var requestsLeft = new Headroom();
        var tokensLeft = new Headroom();

        for (var i = 0; i < counters.Count; i++)
        {
            if (!QuotaRules.Counts(counters, i))
            {
                continue;
            }

            var limits = counters[i].Limits;
            var counter = CounterFor(counters[i]);
            counter.Roll(limits, windows);

            var refusal = QuotaRules.TooLarge(limits, tokens) ? QuotaLimitKind.RequestTooLarge : counter.FirstRefusal(limits, tokens);
            if (refusal is { } kind && (deniedBy is null || QuotaRules.CheckOrder(kind) < QuotaRules.CheckOrder(deniedBy.Value)))
            {
                deniedBy = kind;
                deniedPolicy = limits.PolicyId;
            }

            if (limits.RequestsPerMinute is { } rpm)
            {
                requestsLeft.Add(rpm - counter.Requests, 1);
            }

            if (limits.TokensPerMinute is { } tpm)
            {
                tokensLeft.Add(tpm - counter.MinuteTokens, tokens);
            }
        }

        if (deniedBy is { } denied)
        {
            return new QuotaDecision(null, denied, deniedPolicy, windows.RetryAfter(denied), requestsLeft.IfRefused, tokensLeft.IfRefused);
        }

        for (var i = 0; i < counters.Count; i++)
        {
            if (QuotaRules.Counts(counters, i))
            {
                _counters[new CounterKey(counters[i])].Charge(counters[i].Limits, tokens);
            }
        }

        var reservation = new QuotaReservation(counters, tokens, windows.At);
        return new QuotaDecision(reservation, null, null, null, requestsLeft.IfAdmitted, tokensLeft.IfAdmitted);
    }

    private void Adjust(QuotaReservation reservation, int requests, long tokens)
    {
        var windows = QuotaWindows.Of(reservation.At);
        var counters = reservation.Counters;
        lock (_lock)
        {
            for (var i = 0; i < counters.Count; i++)
            {
                // A counter dropped by the sweep had no current window left: nothing of this reservation's remains to correct.
                if (QuotaRules.Counts(counters, i) && _counters.TryGetValue(new CounterKey(counters[i]), out var counter))
                {
                    counter.Adjust(counters[i].Limits, windows, requests, tokens);
                }
            }
        }
    }

    private PolicyWindows CounterFor(QuotaCounter counter)
    {
        var key = new CounterKey(counter);
        if (!_counters.TryGetValue(key, out var windows))
        {
            windows = new PolicyWindows();
            _counters.Add(key, windows);
        }

        return windows;
    }

    private void Sweep(QuotaWindows now)
    {
        foreach (var (key, counter) in _counters)
        {
            if (!counter.HoldsCurrentWindow(now))
            {
                // Removing the current entry while enumerating is allowed for Dictionary.
                _counters.Remove(key);
            }
        }
    }

    private readonly record struct CounterKey(Guid TeamId, Guid PolicyId)
    {
        public CounterKey(QuotaCounter counter)
            : this(counter.TeamId, counter.Limits.PolicyId)
        {
        }
    }

    /// <summary>The smallest headroom over counters that limit something, as it would be after either outcome.</summary>
    private struct Headroom
    {
        private long? _ifAdmitted;
        private long? _ifRefused;

        public readonly long? IfAdmitted => _ifAdmitted is { } left ? Math.Max(left, 0) : null;

        public readonly long? IfRefused => _ifRefused is { } left ? Math.Max(left, 0) : null;

        public void Add(long left, long cost)
        {
            _ifRefused = _ifRefused is { } current ? Math.Min(current, left) : left;
            _ifAdmitted = _ifAdmitted is { } admitted ? Math.Min(admitted, left - cost) : left - cost;
        }
    }

    /// <summary>
    /// One policy's counts in its current windows. A window is tracked only when the policy limits it, so a policy
    /// with only a requests-per-minute limit is forgotten a minute after its last use.
    /// </summary>
    private sealed class PolicyWindows
    {
        private long _minute = -1;
        private long _day = -1;
        private int _month = -1;

        public long Requests { get; private set; }

        public long MinuteTokens { get; private set; }

        private long DayTokens { get; set; }

        private long MonthTokens { get; set; }

        public bool HoldsCurrentWindow(QuotaWindows now) =>
            _minute == now.Minute || _day == now.Day || _month == now.Month;

        public void Roll(QuotaLimits limits, QuotaWindows now)
        {
            if (QuotaRules.HasMinuteLimit(limits) && _minute != now.Minute)
            {
                _minute = now.Minute;
                Requests = 0;
                MinuteTokens = 0;
            }

            if (limits.DailyTokenBudget is not null && _day != now.Day)
            {
                _day = now.Day;
                DayTokens = 0;
            }

            if (limits.MonthlyTokenBudget is not null && _month != now.Month)
            {
                _month = now.Month;
                MonthTokens = 0;
            }
        }

        /// <summary>The first limit one more request with these tokens would break, in check order; null if none.</summary>
        public QuotaLimitKind? FirstRefusal(QuotaLimits limits, long tokens)
        {
            if (Requests + 1 > limits.RequestsPerMinute)
            {
                return QuotaLimitKind.RequestsPerMinute;
            }

            if (MinuteTokens + tokens > limits.TokensPerMinute)
            {
                return QuotaLimitKind.TokensPerMinute;
            }

            if (DayTokens + tokens > limits.DailyTokenBudget)
            {
                return QuotaLimitKind.DailyTokenBudget;
            }

            if (MonthTokens + tokens > limits.MonthlyTokenBudget)
            {
                return QuotaLimitKind.MonthlyTokenBudget;
            }

            return null;
        }

        public void Charge(QuotaLimits limits, long tokens)
        {
            if (limits.RequestsPerMinute is not null)
            {
                Requests++;
            }

            if (limits.TokensPerMinute is not null)
            {
                MinuteTokens += tokens;
            }

            if (limits.DailyTokenBudget is not null)
            {
                DayTokens += tokens;
            }

            if (limits.MonthlyTokenBudget is not null)
            {
                MonthTokens += tokens;
            }
        }

        /// <summary>Corrects the windows of <paramref name="at"/>, those of them still held; a later window is left alone.</summary>
        public void Adjust(QuotaLimits limits, QuotaWindows at, int requests, long tokens)
        {
            if (_minute == at.Minute)
            {
                if (limits.RequestsPerMinute is not null)
                {
                    Requests += requests;
                }

                if (limits.TokensPerMinute is not null)
                {
                    MinuteTokens += tokens;
                }
            }

            if (_day == at.Day && limits.DailyTokenBudget is not null)
            {
                DayTokens += tokens;
            }

            if (_month == at.Month && limits.MonthlyTokenBudget is not null)
            {
                MonthTokens += tokens;
            }
        }
    }
}
