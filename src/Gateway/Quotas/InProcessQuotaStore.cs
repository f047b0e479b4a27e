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

    public ValueTask<QuotaDecision> ReserveAsync(IReadOnlyList<QuotaCounter> counters, QuotaAmount estimate, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(counters);
        estimate.ThrowIfNegative(nameof(estimate));
        ct.ThrowIfCancellationRequested();
        var windows = QuotaWindows.Of(clock.GetUtcNow());
        lock (_lock)
        {
            if (windows.Minute != _sweptMinute)
            {
                Sweep(windows);
                _sweptMinute = windows.Minute;
            }

            return ValueTask.FromResult(Reserve(counters, estimate, windows));
        }
    }

    public ValueTask SettleAsync(QuotaReservation reservation, QuotaAmount actual, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        actual.ThrowIfNegative(nameof(actual));
        ct.ThrowIfCancellationRequested();
        var change = actual - reservation.Reserved;
        if (!change.IsZero)
        {
            Adjust(reservation, requests: 0, change);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ReleaseAsync(QuotaReservation reservation, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        ct.ThrowIfCancellationRequested();
        Adjust(reservation, requests: -1, -reservation.Reserved);
        return ValueTask.CompletedTask;
    }

    private QuotaDecision Reserve(IReadOnlyList<QuotaCounter> counters, QuotaAmount amount, QuotaWindows windows)
    {
        QuotaLimitKind? deniedBy = null;
        Guid? deniedPolicy = null;
        long? costLeft = null;
        var tokens = amount.Tokens;

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

            var refusal = QuotaRules.TooLarge(limits, tokens) ? QuotaLimitKind.RequestTooLarge : counter.FirstRefusal(limits, amount);
            if (refusal is { } kind && (deniedBy is null || QuotaRules.CheckOrder(kind) < QuotaRules.CheckOrder(deniedBy.Value)))
            {
                deniedBy = kind;
                deniedPolicy = limits.PolicyId;
                costLeft = counter.CostLeft(limits, kind);
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
            return new QuotaDecision(null, denied, deniedPolicy, windows.RetryAfter(denied), requestsLeft.IfRefused, tokensLeft.IfRefused)
            {
                RemainingCostMicros = costLeft,
            };
        }

        for (var i = 0; i < counters.Count; i++)
        {
            if (QuotaRules.Counts(counters, i))
            {
                _counters[new CounterKey(counters[i])].Charge(counters[i].Limits, amount);
            }
        }

        var reservation = new QuotaReservation(counters, amount, windows.At);
        return new QuotaDecision(reservation, null, null, null, requestsLeft.IfAdmitted, tokensLeft.IfAdmitted);
    }

    private void Adjust(QuotaReservation reservation, int requests, QuotaAmount change)
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
                    counter.Adjust(counters[i].Limits, windows, requests, change);
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

        private long DayCost { get; set; }

        private long MonthCost { get; set; }

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

            if (QuotaRules.HasDayLimit(limits) && _day != now.Day)
            {
                _day = now.Day;
                DayTokens = 0;
                DayCost = 0;
            }

            if (QuotaRules.HasMonthLimit(limits) && _month != now.Month)
            {
                _month = now.Month;
                MonthTokens = 0;
                MonthCost = 0;
            }
        }

        /// <summary>The first limit one more request with these tokens would break, in check order; null if none.</summary>
        public QuotaLimitKind? FirstRefusal(QuotaLimits limits, QuotaAmount amount)
        {
            var tokens = amount.Tokens;
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

            if (DayCost + amount.CostMicros > limits.DailyCostBudgetMicros)
            {
                return QuotaLimitKind.DailyCostBudget;
            }

            if (MonthTokens + tokens > limits.MonthlyTokenBudget)
            {
                return QuotaLimitKind.MonthlyTokenBudget;
            }

            if (MonthCost + amount.CostMicros > limits.MonthlyCostBudgetMicros)
            {
                return QuotaLimitKind.MonthlyCostBudget;
            }

            return null;
        }

        /// <summary>What the cost budget of this kind has left; null for any other kind.</summary>
        public long? CostLeft(QuotaLimits limits, QuotaLimitKind kind) => kind switch
        {
            QuotaLimitKind.DailyCostBudget => Math.Max(limits.DailyCostBudgetMicros!.Value - DayCost, 0),
            QuotaLimitKind.MonthlyCostBudget => Math.Max(limits.MonthlyCostBudgetMicros!.Value - MonthCost, 0),
            _ => null,
        };

        public void Charge(QuotaLimits limits, QuotaAmount amount)
        {
            var tokens = amount.Tokens;
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

            if (limits.DailyCostBudgetMicros is not null)
            {
                DayCost += amount.CostMicros;
            }

            if (limits.MonthlyCostBudgetMicros is not null)
            {
                MonthCost += amount.CostMicros;
            }
        }

        /// <summary>Corrects the windows of <paramref name="at"/>, those of them still held; a later window is left alone.</summary>
        public void Adjust(QuotaLimits limits, QuotaWindows at, int requests, QuotaAmount change)
        {
            var tokens = change.Tokens;
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

            if (_day == at.Day && limits.DailyCostBudgetMicros is not null)
            {
                DayCost += change.CostMicros;
            }

            if (_month == at.Month && limits.MonthlyCostBudgetMicros is not null)
            {
                MonthCost += change.CostMicros;
            }
        }
    }
}
