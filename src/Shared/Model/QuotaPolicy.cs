namespace AiGateway.Shared.Model;

/// <summary>
/// Limits that apply to a team, to one of its keys, or to a team's use of one alias. A request must satisfy every
/// policy that applies to it. A null limit is no limit.
/// </summary>
public sealed class QuotaPolicy : IConfigurationEntity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public QuotaScope Scope { get; set; }

    /// <summary>The team the policy belongs to, for every scope (a key's policy is its team's too).</summary>
    public Guid TeamId { get; set; }
    public Team? Team { get; set; }
    public Guid? ApiKeyId { get; set; }
    public ApiKey? ApiKey { get; set; }
    public Guid? AliasId { get; set; }
    public ModelAlias? Alias { get; set; }

    /// <summary>
    /// One value per subject, so the database can hold at most one policy per team, key or team and alias on every
    /// provider (unique indexes over nullable columns behave differently on SQL Server and PostgreSQL).
    /// </summary>
    public string ScopeKey { get; set; } = "";

    public int? RequestsPerMinute { get; set; }
    public int? TokensPerMinute { get; set; }
    public long? DailyTokenBudget { get; set; }
    public long? MonthlyTokenBudget { get; set; }

    /// <summary>Spend allowed per UTC day, in the price tables' currency; refused before forwarding from the estimated cost.</summary>
    public decimal? DailyCostBudget { get; set; }

    /// <summary>Spend allowed per UTC calendar month, in the price tables' currency.</summary>
    public decimal? MonthlyCostBudget { get; set; }

    /// <summary>
    /// The shares of a budget (percent, comma-separated, e.g. <c>50,80,100</c>) at which the team is notified without
    /// being refused; null means <see cref="DefaultBudgetAlertPercents"/>, empty means no notices.
    /// </summary>
    public string? BudgetAlertPercents { get; set; }

    public const string DefaultBudgetAlertPercents = "50,80,100";

    /// <summary>Caps <c>max_tokens</c>/<c>max_completion_tokens</c>, and is the estimate when a request names none.</summary>
    public int? MaxTokensPerRequest { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public static string KeyFor(QuotaScope scope, Guid teamId, Guid? apiKeyId, Guid? aliasId) => scope switch
    {
        QuotaScope.Team => $"team:{teamId:N}",
        QuotaScope.Key => $"key:{apiKeyId:N}",
        QuotaScope.TeamAlias => $"team:{teamId:N}/alias:{aliasId:N}",
        _ => throw new ArgumentOutOfRangeException(nameof(scope)),
    };
}
