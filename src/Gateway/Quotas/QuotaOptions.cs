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
    /// <c>ConnectionStrings:Redis</c>, a StackExchange.Redis configuration string such as <c>redis:6379,password=...</c>;
    /// required when <see cref="Store"/> is <c>Redis</c>. Not read from the <c>Quotas</c> section.
    /// </summary>
    public string? RedisConnectionString { get; set; }
}
