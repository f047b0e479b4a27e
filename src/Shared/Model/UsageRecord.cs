namespace AiGateway.Shared.Model;

/// <summary>
/// One request that reached a backend. Usage is history, so it refers to teams, keys and deployments by value rather
/// than by foreign key: removing a key or a deployment must not remove or block what it was billed for.
/// </summary>
public sealed class UsageRecord : IExplorerRecord
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string RequestId { get; set; }
    public Guid TeamId { get; set; }
    public Guid? ApiKeyId { get; set; }
    public required string AliasName { get; set; }
    public Guid? DeploymentId { get; set; }
    public Guid? BackendId { get; set; }
    public required string Operation { get; set; }
    public int PromptTokens { get; set; }
    public int CompletionTokens { get; set; }

    /// <summary>Of <see cref="PromptTokens"/>, those served from the backend's prompt cache.</summary>
    public int CachedPromptTokens { get; set; }

    /// <summary>Of <see cref="CompletionTokens"/>, those spent on reasoning.</summary>
    public int ReasoningTokens { get; set; }

    /// <summary>Of <see cref="PromptTokens"/>, audio ones.</summary>
    public int AudioPromptTokens { get; set; }

    /// <summary>Of <see cref="CompletionTokens"/>, audio ones.</summary>
    public int AudioCompletionTokens { get; set; }

    /// <summary>The <c>service_tier</c> the answer named (<c>default</c>, <c>batch</c>, <c>flex</c>, <c>priority</c>), null when it named none.</summary>
    public string? ServiceTier { get; set; }
    /// <summary>
    /// What the client got when a backend's answer reached it; when none did, the last attempt's failure as the figures
    /// count it: 429 for a throttle, 5xx (502 for a backend that refused the gateway itself) for a failure. So a record
    /// was served exactly when this is neither 429 nor 5xx; rollups and chargeback rely on it.
    /// </summary>
    public int StatusCode { get; set; }
    public int LatencyMs { get; set; }
    public int? TimeToFirstTokenMs { get; set; }
    public bool Streamed { get; set; }

    /// <summary>True when the token figures were counted by the gateway (e.g. a cut stream) rather than reported by the backend.</summary>
    public bool Estimated { get; set; }

    public decimal Cost { get; set; }
}
