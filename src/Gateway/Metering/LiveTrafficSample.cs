using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// One finished request as the live counters see it. A value type, so feeding the counters allocates nothing.
/// Requests no backend answered (quota refusals, every backend failing) have empty deployment and backend ids.
/// </summary>
/// <param name="Tier">The tier of the backend that delivered the answer; null when none did.</param>
/// <param name="LatencyMs">Time to the end of the answer; null when no backend was asked (it would only flatter the percentiles).</param>
/// <param name="QuotaRefused">Refused by one of the caller's quotas before any backend was asked.</param>
/// <param name="SpilledOver">Served by a standard deployment although the alias has provisioned capacity tried before it.</param>
public readonly record struct LiveTrafficSample(
    Guid TeamId,
    string TeamName,
    Guid AliasId,
    string AliasName,
    Guid DeploymentId,
    string? DeploymentName,
    Guid BackendId,
    string? BackendName,
    BackendTier? Tier,
    int StatusCode,
    long Tokens,
    int? LatencyMs,
    bool QuotaRefused,
    bool SpilledOver)
{
    public bool IsError => StatusCode >= 500;

    /// <summary>A 429, or a quota refusal of any kind (an exhausted budget is answered 403, and is a throttle all the same).</summary>
    public bool IsThrottled => StatusCode == 429 || QuotaRefused;

    /// <summary>Reads a finished request off the pipeline's context.</summary>
    public static LiveTrafficSample Of(GatewayRequestContext gateway, int statusCode, long tokens, int latencyMs)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        var team = gateway.Caller.Team;
        var alias = gateway.Alias;
        if (gateway.Outcome is { BackendStatus: not null } outcome)
        {
            var target = outcome.Target;
            var delivered = outcome.Delivered;
            return new LiveTrafficSample(
                team.Id, team.Name, alias.Id, alias.Name, target.DeploymentId, target.DeploymentName, target.Backend.Id, target.Backend.Name,
                delivered ? target.Backend.Tier : null, statusCode, tokens, latencyMs, QuotaRefused: false,
                SpilledOver: delivered && IsSpillover(alias, target));
        }

        return new LiveTrafficSample(
            team.Id, team.Name, alias.Id, alias.Name, Guid.Empty, null, Guid.Empty, null, null, statusCode, tokens, null,
            QuotaRefused: gateway.Quota is { Admitted: false }, SpilledOver: false);
    }

    /// <summary>
    /// Whether a standard deployment served a request that the alias would rather have put on provisioned capacity
    /// (a provisioned target in an earlier tier). Judged from the alias rather than from the attempts, so a request
    /// that went straight to standard because the provisioned deployment is still resting from an earlier 429 counts
    /// too, not only one that was retried after a 429 of its own.
    /// </summary>
    public static bool IsSpillover(AliasEntry alias, AliasTargetEntry served)
    {
        ArgumentNullException.ThrowIfNull(alias);
        ArgumentNullException.ThrowIfNull(served);
        if (served.Backend.Tier != BackendTier.Standard)
        {
            return false;
        }

        foreach (var target in alias.Targets)
        {
            if (target.Backend.Tier == BackendTier.Provisioned && target.Tier < served.Tier)
            {
                return true;
            }
        }

        return false;
    }
}
