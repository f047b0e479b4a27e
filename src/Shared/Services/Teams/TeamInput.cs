using System.ComponentModel;
using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Teams;

/// <summary>What an admin sets on a team. <see cref="Owners"/> is read only when the team is created; members are managed on their own afterwards.</summary>
public sealed record TeamInput
{
    public string? Name { get; init; }
    public string? Description { get; init; }
    /// <summary>The class the team's traffic gets capacity in when it is short; a key may override it.</summary>
    [Description(PriorityClassDocs.Summary)]
    public PriorityClass Priority { get; init; } = PriorityClass.Normal;
    public IReadOnlyList<string>? AllowedRegions { get; init; }
    public IReadOnlyList<string>? AllowedAliases { get; init; }

    /// <summary>Entra ID application (client) ids whose tokens are this team's; each may belong to one team only.</summary>
    public IReadOnlyList<string>? EntraAppIds { get; init; }
    public int? MaxKeys { get; init; }
    public int? MaxKeyLifetimeDays { get; init; }

    /// <summary>How many of the team's requests one gateway replica serves at once; null for no cap.</summary>
    public int? MaxRequestsInFlight { get; init; }
    public bool Enabled { get; init; } = true;
    public IReadOnlyList<string>? Owners { get; init; }
}
