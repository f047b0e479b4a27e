using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Pricing;

namespace AiGateway.Shared.Services.Configuration;

/// <summary>
/// The whole gateway configuration as one document, for keeping it in Git: backends with their deployments, aliases
/// with their targets, teams with their members and quota policies. Things are named, never given by id, so a document
/// exported from one instance applies to another. Issued keys (and their own policies) and rollouts are not
/// configuration: keys are secrets shown once, rollouts are operations with a history.
/// </summary>
public sealed class GatewayConfigurationDocument
{
    public const string CurrentApiVersion = "aigateway/v1";
    public const string DocumentKind = "GatewayConfiguration";

    public string ApiVersion { get; set; } = CurrentApiVersion;
    public string Kind { get; set; } = DocumentKind;
    public List<BackendDocument> Backends { get; set; } = [];
    public List<AliasDocument> Aliases { get; set; } = [];
    public List<TeamDocument> Teams { get; set; } = [];
}

public sealed class BackendDocument
{
    public string? Name { get; set; }
    public BackendKind Kind { get; set; } = BackendKind.AzureOpenAI;
    public string? BaseUrl { get; set; }
    public string? Region { get; set; }
    public BackendTier Tier { get; set; } = BackendTier.Standard;
    public BackendCredentialKind CredentialKind { get; set; } = BackendCredentialKind.ApiKey;

    /// <summary>
    /// Where the backend key comes from, never the key: <c>env:NAME</c> or
    /// <c>keyvault:https://vault.vault.azure.net/secrets/name</c>. The CLI resolves it into <see cref="ApiKey"/>.
    /// </summary>
    public string? ApiKeySecret { get; set; }

    /// <summary>Write-only: the resolved key sent to apply. Never exported. Absent keeps a backend's stored key.</summary>
    public string? ApiKey { get; set; }

    public string? ManagedIdentityClientId { get; set; }
    public string? ApiVersion { get; set; }
    public bool Enabled { get; set; } = true;
    public List<DeploymentDocument> Deployments { get; set; } = [];
}

public sealed class DeploymentDocument
{
    public string? Name { get; set; }
    public string? Model { get; set; }
    public string? ModelVersion { get; set; }
    public int? CapacityTokensPerMinute { get; set; }
    public int? CapacityRequestsPerMinute { get; set; }
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// The deployment's price table, every version. Absent leaves the table as it is. A version already in force can be
    /// neither changed nor left out (it prices recorded usage); a new one on an existing deployment takes effect now or later.
    /// Versions are matched by tier and <c>effectiveFrom</c>, which is required here.
    /// </summary>
    public List<DeploymentPriceInput>? Prices { get; set; }
}

public sealed class AliasDocument
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public bool Enabled { get; set; } = true;
    public double? FirstByteTimeoutSeconds { get; set; }
    public bool AllowMixedModelVersions { get; set; }
    public RoutingStrategy RoutingStrategy { get; set; } = RoutingStrategy.Weighted;
    public int HighReservedPercent { get; set; }
    public int MaxQueueLength { get; set; } = ModelAlias.DefaultMaxQueueLength;
    public double LowQueueSeconds { get; set; } = ModelAlias.DefaultLowQueueSeconds;
    public double NormalQueueSeconds { get; set; }
    public List<AliasTargetDocument> Targets { get; set; } = [];
}

/// <summary>A target names its deployment by backend and deployment name, since deployment names repeat across backends.</summary>
public sealed class AliasTargetDocument
{
    public string? Backend { get; set; }
    public string? Deployment { get; set; }
    public int Weight { get; set; } = 1;
    public int? PriorityTier { get; set; }
}

public sealed class TeamDocument
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public PriorityClass Priority { get; set; } = PriorityClass.Normal;
    public List<string> AllowedRegions { get; set; } = [];
    public List<string> AllowedAliases { get; set; } = [];
    public List<string> EntraAppIds { get; set; } = [];
    public int? MaxKeys { get; set; }
    public int? MaxKeyLifetimeDays { get; set; }
    public int? MaxRequestsInFlight { get; set; }
    public bool Enabled { get; set; } = true;
    public List<TeamMemberDocument> Members { get; set; } = [];

    /// <summary>The team's own quota policy (scope Team); absent means none.</summary>
    public QuotaLimitsDocument? Quota { get; set; }

    /// <summary>The team's policies for single aliases (scope TeamAlias).</summary>
    public List<AliasQuotaDocument> AliasQuotas { get; set; } = [];
}

public sealed class TeamMemberDocument
{
    public string? UserId { get; set; }
    public string? DisplayName { get; set; }
    public TeamRole Role { get; set; } = TeamRole.Member;
}

public class QuotaLimitsDocument
{
    public int? RequestsPerMinute { get; set; }
    public int? TokensPerMinute { get; set; }
    public long? DailyTokenBudget { get; set; }
    public long? MonthlyTokenBudget { get; set; }
    public int? MaxTokensPerRequest { get; set; }
    public decimal? DailyCostBudget { get; set; }
    public decimal? MonthlyCostBudget { get; set; }

    /// <summary>Budget notice thresholds, e.g. <c>50,80,100</c>; empty for none; absent for the default.</summary>
    public string? BudgetAlertPercents { get; set; }
}

public sealed class AliasQuotaDocument : QuotaLimitsDocument
{
    public string? Alias { get; set; }
}
