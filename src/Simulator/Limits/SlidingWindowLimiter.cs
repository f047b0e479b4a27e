namespace AiGateway.Simulator.Limits;

/// <summary>
/// Tokens-per-minute and requests-per-minute of one deployment over a 60-second sliding window.
/// A request is charged on admission with its estimate (prompt tokens plus the completion tokens it may
/// generate), as Azure does; nothing is refunded afterwards. Azure also enforces RPM in 10-second slices
/// (RPM/6 per 10 s); this simulator keeps one plain 60-second window for both limits, which is simpler to
/// reason about in tests and gives the same long-run rate.
/// </summary>
internal sealed class SlidingWindowLimiter(TimeProvider time)
{
    /// <summary>What the headers report for a dimension that has no limit.</summary>
    public const long Unlimited = int.MaxValue;

    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Queue<Charge> _charges = new();
    private long _tokens;

    /// <summary>Checks both limits and, when both allow it, charges the request, in one step under the lock.</summary>
    public RateDecision TryAdmit(int tokensPerMinute, int requestsPerMinute, long cost)
    {
        if (tokensPerMinute <= 0 && requestsPerMinute <= 0)
        {
            return new RateDecision(true, Unlimited, Unlimited, Unlimited, Unlimited, TimeSpan.Zero, false);
        }

        // A request larger than the whole budget could never pass; charge it the budget instead, so it is
        // admitted into an empty window rather than refused for ever.
        if (tokensPerMinute > 0)
        {
            cost = Math.Min(cost, tokensPerMinute);
        }

        var now = time.GetUtcNow();
        lock (_gate)
        {
            Evict(now);
            var requestsOver = requestsPerMinute > 0 && _charges.Count + 1 > requestsPerMinute;
            var tokensOver = tokensPerMinute > 0 && _tokens + cost > tokensPerMinute;
            if (requestsOver || tokensOver)
            {
                var wait = TimeSpan.Zero;
                if (requestsOver)
                {
                    wait = WaitForRequests(_charges.Count + 1 - requestsPerMinute, now);
                }

                if (tokensOver)
                {
                    var tokenWait = WaitForTokens(_tokens + cost - tokensPerMinute, now);
                    wait = tokenWait > wait ? tokenWait : wait;
                }

                return Decision(false, tokensPerMinute, requestsPerMinute, wait, tokensOver);
            }

            _charges.Enqueue(new Charge(now, cost));
            _tokens += cost;
            return Decision(true, tokensPerMinute, requestsPerMinute, TimeSpan.Zero, false);
        }
    }

    /// <summary>What the headers report without charging anything (for answers refused before admission).</summary>
    public RateDecision Peek(int tokensPerMinute, int requestsPerMinute)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            Evict(now);
            return Decision(true, tokensPerMinute, requestsPerMinute, TimeSpan.Zero, false);
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _charges.Clear();
            _tokens = 0;
        }
    }

    private RateDecision Decision(bool admitted, int tokensPerMinute, int requestsPerMinute, TimeSpan retryAfter, bool tokenLimitHit) => new(
        admitted,
        requestsPerMinute > 0 ? requestsPerMinute : Unlimited,
        tokensPerMinute > 0 ? tokensPerMinute : Unlimited,
        requestsPerMinute > 0 ? Math.Max(0, requestsPerMinute - _charges.Count) : Unlimited,
        tokensPerMinute > 0 ? Math.Max(0, tokensPerMinute - _tokens) : Unlimited,
        retryAfter,
        tokenLimitHit);

    private void Evict(DateTimeOffset now)
    {
        var horizon = now - Window;
        while (_charges.TryPeek(out var oldest) && oldest.At <= horizon)
        {
            _charges.Dequeue();
            _tokens -= oldest.Tokens;
        }
    }

    /// <summary>Time until the <paramref name="count"/>-th oldest charge leaves the window.</summary>
    private TimeSpan WaitForRequests(int count, DateTimeOffset now)
    {
        var seen = 0;
        foreach (var charge in _charges)
        {
            if (++seen >= count)
            {
                return charge.At + Window - now;
            }
        }

        return Window;
    }

    /// <summary>Time until enough charges leave the window to free <paramref name="tokens"/> tokens.</summary>
    private TimeSpan WaitForTokens(long tokens, DateTimeOffset now)
    {
        long freed = 0;
        foreach (var charge in _charges)
        {
            freed += charge.Tokens;
            if (freed >= tokens)
            {
                return charge.At + Window - now;
            }
        }

        return Window;
    }

    private readonly record struct Charge(DateTimeOffset At, long Tokens);
}
