using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Throttling;

/// <summary>A stored quota refusal or backend throttle, as the explorer and the management API show it.</summary>
public sealed record ThrottleEventView(
    long Id,
    DateTimeOffset At,
    ThrottleEventKind Kind,
    string RequestId,
    Guid TeamId,
    string TeamName,
    Guid? ApiKeyId,
    string? KeyName,
    string? KeyPrefix,
    string? EntraAppId,
    string AliasName,
    string? QuotaLimit,
    Guid? PolicyId,
    Guid? DeploymentId,
    string? DeploymentName,
    Guid? BackendId,
    string? BackendName,
    TimeSpan? RetryAfter)
{
    public static ThrottleEventView From(ThrottleEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return new ThrottleEventView(
            e.Id, e.At, e.Kind, e.RequestId, e.TeamId, e.TeamName, e.ApiKeyId, e.KeyName, e.KeyPrefix, e.EntraAppId, e.AliasName,
            e.QuotaLimit, e.PolicyId, e.DeploymentId, e.DeploymentName, e.BackendId, e.BackendName,
            e.RetryAfterMs is { } ms ? TimeSpan.FromMilliseconds(ms) : null);
    }
}
