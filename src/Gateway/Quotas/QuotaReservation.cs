namespace AiGateway.Gateway.Quotas;

/// <summary>What one admitted request took: settle or release it exactly once.</summary>
/// <param name="Counters">The counters it was taken from.</param>
/// <param name="Reserved">The estimate taken from every token limit (tokens) and every cost budget (cost).</param>
/// <param name="At">When it was taken: its windows (minute, UTC day, UTC month) are the ones a settlement corrects.</param>
public sealed record QuotaReservation(IReadOnlyList<QuotaCounter> Counters, QuotaAmount Reserved, DateTimeOffset At)
{
    public long ReservedTokens => Reserved.Tokens;
}
