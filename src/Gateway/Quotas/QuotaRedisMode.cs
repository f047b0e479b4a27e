namespace AiGateway.Gateway.Quotas;

/// <summary>How a replica reserves quota in Redis (<c>Quotas:RedisMode</c>).</summary>
public enum QuotaRedisMode
{
    /// <summary>
    /// Each replica takes blocks of quota from Redis and admits from them without a round trip, reserving exactly per
    /// request when a window's remaining quota is small (see <see cref="RedisLeaseQuotaStore"/>).
    /// </summary>
    Lease,

    /// <summary>One Redis round trip per request, checking and taking its quota from every counter (<see cref="RedisQuotaStore"/>).</summary>
    Exact,
}
