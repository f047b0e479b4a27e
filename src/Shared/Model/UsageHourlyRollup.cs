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
    public long Requests { get; set; }
    public long PromptTokens { get; set; }
    public long CompletionTokens { get; set; }
    public long ErrorCount { get; set; }
    public long ThrottledCount { get; set; }
    public long LatencyMsSum { get; set; }
    public decimal Cost { get; set; }
}
