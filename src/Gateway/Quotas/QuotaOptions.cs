namespace AiGateway.Gateway.Quotas;

/// <summary>Settings under <c>Quotas</c>, plus the Redis connection string from <c>ConnectionStrings:Redis</c>.</summary>
public sealed class QuotaOptions
{
    public const string SectionName = "Quotas";

    /// <summary>The name under <c>ConnectionStrings</c> of the Redis connection string.</summary>
    public const string RedisConnectionStringName = "Redis";

    /// <summary><c>Quotas:Store</c>: <c>InProcess</c> (the default, right for one replica) or <c>Redis</c> (shared by all replicas).</summary>
    public QuotaStoreKind Store { get; set; } = QuotaStoreKind.InProcess;

    /// <summary><c>Quotas:RedisFailureMode</c>: <c>FailOpen</c> (the default) or <c>FailClosed</c>, while Redis cannot be reached.</summary>
    public QuotaFailureMode RedisFailureMode { get; set; } = QuotaFailureMode.FailOpen;

    /// <summary>
    /// <c>Quotas:RedisRetrySeconds</c>: with <c>FailOpen</c>, how long a replica counts on its own after Redis failed
    /// before it tries Redis again; this keeps an unresponsive server from slowing every request by its timeout.
    /// </summary>
    public double RedisRetrySeconds { get; set; } = 5;

    /// <summary>
    /// <c>Quotas:RedisSettleIntervalMilliseconds</c>: how often a replica sends Redis the corrections of the requests
    /// it finished (real token counts replacing estimates, released reservations), batched; meanwhile a counter holds
    /// the estimates. <c>0</c> sends each one as its request ends, at the cost of a second Redis round trip per request.
    /// </summary>
    public int RedisSettleIntervalMilliseconds { get; set; } = 100;

    /// <summary>
    /// <c>Quotas:RedisMode</c>: <c>Lease</c> (the default: each replica admits from blocks of quota it takes from Redis,
    /// and reserves exactly near a limit) or <c>Exact</c> (one Redis round trip per request).
    /// </summary>
    public QuotaRedisMode RedisMode { get; set; } = QuotaRedisMode.Lease;

    /// <summary>
    /// <c>Quotas:LeaseTargetMilliseconds</c>: a block is sized for about this much of the replica's recent traffic on a
    /// counter. Longer means fewer Redis calls and more quota parked on one replica.
    /// </summary>
    public int LeaseTargetMilliseconds { get; set; } = 200;

    /// <summary>
    /// <c>Quotas:LeaseMaxShare</c>: the largest share of what is left in a window that one block may take, so that
    /// other replicas still find quota in Redis.
    /// </summary>
    public double LeaseMaxShare { get; set; } = 0.1;

    /// <summary>
    /// <c>Quotas:LeaseExactBelowBlocks</c>: when fewer than this many of the replica's blocks are left in a window,
    /// the replica stops taking blocks of that counter and reserves each request exactly.
    /// </summary>
    public int LeaseExactBelowBlocks { get; set; } = 4;

    /// <summary><c>Quotas:LeaseIdleSeconds</c>: a block unused this long is given back to Redis for the other replicas.</summary>
    public double LeaseIdleSeconds { get; set; } = 5;

    /// <summary>
    /// <c>ConnectionStrings:Redis</c>, a StackExchange.Redis configuration string such as <c>redis:6379,password=...</c>;
    /// required when <see cref="Store"/> is <c>Redis</c>. Not read from the <c>Quotas</c> section.
    /// </summary>
    public string? RedisConnectionString { get; set; }
}
