namespace AiGateway.Simulator.Limits;

/// <summary>Outcome of one admission check, with what the <c>x-ratelimit-*</c> headers report.</summary>
internal readonly record struct RateDecision(
    bool Admitted,
    long LimitRequests,
    long LimitTokens,
    long RemainingRequests,
    long RemainingTokens,
    TimeSpan RetryAfter,
    bool TokenLimitHit);
