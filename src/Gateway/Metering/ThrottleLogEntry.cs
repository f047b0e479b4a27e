using AiGateway.Gateway.Context;
using AiGateway.Gateway.Quotas;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// One denial or backend throttle, with its reason: for a quota refusal, which limit of which policy and when it frees
/// up; for a backend throttle, which deployment at which backend and how long it is rested. Holds only what a team may
/// be shown about its own requests: the key's public prefix and name, never a secret or a prompt.
/// </summary>
public sealed record ThrottleLogEntry(
    long Sequence,
    DateTimeOffset At,
    ThrottleLogKind Kind,
    string RequestId,
    Guid TeamId,
    string TeamName,
    Guid? KeyId,
    string? KeyName,
    string? KeyPrefix,
    string? EntraAppId,
    string AliasName,
    QuotaLimitKind? Limit,
    Guid? PolicyId,
    Guid? DeploymentId,
    string? DeploymentName,
    Guid? BackendId,
    string? BackendName,
    TimeSpan? RetryAfter);
