namespace AiGateway.Gateway.Quotas;

/// <summary>
/// What a request takes from its quotas besides the request itself: tokens, and cost in micro-units of the price
/// tables' currency (1e-6). Cost is counted as a whole number so that every store adds it exactly and atomically, as
/// it does tokens (Redis <c>INCRBY</c>, plain additions under a lock).
/// </summary>
public readonly record struct QuotaAmount(long Tokens, long CostMicros)
{
    /// <summary>Tokens only, at no cost: what a request is when no cost budget applies to it.</summary>
    public static implicit operator QuotaAmount(long tokens) => FromTokens(tokens);

    public static QuotaAmount FromTokens(long tokens) => new(tokens, 0);

    public static QuotaAmount operator -(QuotaAmount left, QuotaAmount right) =>
        new(left.Tokens - right.Tokens, left.CostMicros - right.CostMicros);

    public static QuotaAmount operator -(QuotaAmount amount) => new(-amount.Tokens, -amount.CostMicros);

    public bool IsZero => Tokens == 0 && CostMicros == 0;

    internal void ThrowIfNegative(string name)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(Tokens, name);
        ArgumentOutOfRangeException.ThrowIfNegative(CostMicros, name);
    }
}
