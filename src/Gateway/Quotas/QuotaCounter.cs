using AiGateway.Gateway.Configuration;

namespace AiGateway.Gateway.Quotas;

/// <summary>
/// One policy's counters, named by the policy (its <see cref="QuotaLimits.PolicyId"/>) and grouped by team so a
/// shared store can keep one request's counters together (the same Redis hash slot).
/// </summary>
public sealed record QuotaCounter(Guid TeamId, QuotaLimits Limits);
