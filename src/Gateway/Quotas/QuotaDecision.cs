namespace AiGateway.Gateway.Quotas;

/// <summary>The answer to a reservation.</summary>
/// <param name="Reservation">What was taken, when admitted; null when refused.</param>
/// <param name="DeniedBy">The limit that refused it, when refused.</param>
/// <param name="DeniedPolicyId">The policy whose limit refused it.</param>
/// <param name="RetryAfter">When the refusing window frees capacity (the minute's end; the next UTC day or month for
/// budgets); null when waiting cannot help (<see cref="QuotaLimitKind.RequestTooLarge"/>).</param>
/// <param name="RemainingRequests">The smallest requests-per-minute headroom left over all counters after this
/// decision; null when no counter limits requests.</param>
/// <param name="RemainingTokens">The smallest tokens-per-minute headroom left after this decision; null when no
/// counter limits tokens per minute.</param>
public sealed record QuotaDecision(
    QuotaReservation? Reservation,
    QuotaLimitKind? DeniedBy,
    Guid? DeniedPolicyId,
    TimeSpan? RetryAfter,
    long? RemainingRequests,
    long? RemainingTokens)
{
    public bool Admitted => Reservation is not null;

    /// <summary>What the refusing cost budget had left before this request, in micro-units; set only when a cost budget refused it.</summary>
    public long? RemainingCostMicros { get; init; }
}
