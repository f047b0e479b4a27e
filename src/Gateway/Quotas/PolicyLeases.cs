using AiGateway.Gateway.Configuration;

namespace AiGateway.Gateway.Quotas;

/// <summary>One team's policy's leases, one per dimension it limits. Used only under its team's lock.</summary>
internal sealed class PolicyLeases(string keyPrefix)
{
    private readonly QuotaLease?[] _leases = new QuotaLease?[QuotaDimensions.Count];

    /// <summary>The Redis key prefix of the team's policy (<see cref="RedisQuotaKeys.Prefix"/>).</summary>
    public string KeyPrefix { get; } = keyPrefix;

    /// <summary>The policy's limits as last seen by a request: a limit removed since leaves its lease to be given back.</summary>
    public QuotaLimits? Limits { get; set; }

    public long LastUsedTicks { get; set; }

    /// <summary>Requests of this policy waiting on Redis, whose held quota comes back here: never evicted meanwhile.</summary>
    public int InFlight { get; set; }

    public QuotaLease Lease(QuotaDimension dimension) => _leases[(int)dimension] ??= new QuotaLease();

    public QuotaLease? Existing(QuotaDimension dimension) => _leases[(int)dimension];
}
