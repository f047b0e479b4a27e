namespace AiGateway.Shared.Model;

/// <summary>
/// One quota refusal or backend throttle, as any replica saw it, for the throttling explorer. Like usage it is history,
/// so it names teams, keys, policies and deployments by value (ids and the names they had), never by foreign key.
/// Holds only what a team may be shown about its own requests: the key's public prefix and name, never a secret or a
/// prompt.
/// </summary>
public sealed class ThrottleEvent : IExplorerRecord
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public ThrottleEventKind Kind { get; set; }
    public required string RequestId { get; set; }
    public Guid TeamId { get; set; }
    public required string TeamName { get; set; }
    public Guid? ApiKeyId { get; set; }
    public string? KeyName { get; set; }
    public string? KeyPrefix { get; set; }
    public string? EntraAppId { get; set; }
    public required string AliasName { get; set; }

    /// <summary>For a quota refusal, the limit that refused it, by the code clients see (e.g. <c>TokensPerMinute</c>).</summary>
    public string? QuotaLimit { get; set; }

    public Guid? PolicyId { get; set; }
    public Guid? DeploymentId { get; set; }
    public string? DeploymentName { get; set; }
    public Guid? BackendId { get; set; }
    public string? BackendName { get; set; }

    /// <summary>When the quota frees up, or how long the gateway rests the throttled deployment.</summary>
    public int? RetryAfterMs { get; set; }
}
