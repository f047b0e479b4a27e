namespace AiGateway.Shared.Model;

/// <summary>
/// Usage summed per hour, team, key, alias and deployment, kept current as records are written so dashboards and
/// chargeback never scan raw records. Absent dimensions are <see cref="Guid.Empty"/> or "" rather than null, so the
/// unique index holds on every provider.
/// </summary>
public sealed class UsageHourlyRollup
{
    public long Id { get; set; }
    public DateTimeOffset HourStart { get; set; }
    public Guid TeamId { get; set; }
    public Guid ApiKeyId { get; set; }
    public string AliasName { get; set; } = "";
    public Guid DeploymentId { get; set; }
    public Guid BackendId { get; set; }
    /// <summary>Every request that reached a backend, served or not; the unserved ones are also in <see cref="ErrorCount"/> or <see cref="ThrottledCount"/>.</summary>
    public long Requests { get; set; }
    public long PromptTokens { get; set; }
    public long CompletionTokens { get; set; }
    public long CachedPromptTokens { get; set; }
    public long ReasoningTokens { get; set; }
    public long AudioPromptTokens { get; set; }
    public long AudioCompletionTokens { get; set; }

    /// <summary>Requests that no backend served because they failed (records with a 5xx status).</summary>
    public long ErrorCount { get; set; }

    /// <summary>Requests that no backend served because every one tried answered 429.</summary>
    public long ThrottledCount { get; set; }
    public long LatencyMsSum { get; set; }
    public decimal Cost { get; set; }
}
