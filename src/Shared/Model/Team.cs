namespace AiGateway.Shared.Model;

/// <summary>A client organisation: the unit that owns keys, is given quotas and is charged for usage.</summary>
public sealed class Team : IConfigurationEntity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public string? Description { get; set; }
    /// <summary>The class the team's traffic gets capacity in (<see cref="PriorityClass"/>); a key may override it.</summary>
    public PriorityClass Priority { get; set; } = PriorityClass.Normal;

    /// <summary>Backend regions this team's traffic may go to; empty means any region.</summary>
    public List<string> AllowedRegions { get; set; } = [];

    /// <summary>Aliases this team may call and issue keys for; empty means every alias (<see cref="AliasScope"/>).</summary>
    public List<string> AllowedAliases { get; set; } = [];

    /// <summary>Microsoft Entra ID application (client) ids whose access tokens act for this team.</summary>
    public List<string> EntraAppIds { get; set; } = [];

    /// <summary>How many active keys the team may hold; null means no limit.</summary>
    public int? MaxKeys { get; set; }

    /// <summary>Longest lifetime of a key the team issues itself; null means keys may never expire.</summary>
    public int? MaxKeyLifetimeDays { get; set; }

    /// <summary>
    /// How many of the team's requests one gateway replica serves at once; null means no cap. Long streams hold
    /// provisioned capacity that per-minute limits do not see, so this bounds what one team can hold at a time.
    /// </summary>
    public int? MaxRequestsInFlight { get; set; }

    public bool Enabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }

    public List<TeamMember> Members { get; set; } = [];
    public List<ApiKey> ApiKeys { get; set; } = [];
    public List<QuotaPolicy> QuotaPolicies { get; set; } = [];
}
