namespace AiGateway.Gateway.Quotas;

/// <summary>How <see cref="RedisLeaseQuotaStore"/> sizes, keeps and gives back its blocks (the <c>Quotas:Lease*</c> settings).</summary>
/// <param name="Target">A block is sized for about this much of the replica's recent traffic on its counter.</param>
/// <param name="MaxShare">The largest share of what is left in a window that one block may take.</param>
/// <param name="ExactBelowBlocks">Below this many of the replica's blocks left in a window, requests are reserved
/// exactly, one Redis call each.</param>
/// <param name="Idle">A block unused this long is given back to Redis, so that other replicas can use it.</param>
public sealed record QuotaLeaseSettings(TimeSpan Target, double MaxShare, int ExactBelowBlocks, TimeSpan Idle)
{
    public static QuotaLeaseSettings Default { get; } = new(TimeSpan.FromMilliseconds(200), 0.1, 4, TimeSpan.FromSeconds(5));

    public static QuotaLeaseSettings From(QuotaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(
            TimeSpan.FromMilliseconds(options.LeaseTargetMilliseconds),
            options.LeaseMaxShare,
            options.LeaseExactBelowBlocks,
            TimeSpan.FromSeconds(options.LeaseIdleSeconds));
    }
}
