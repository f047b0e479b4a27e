using AiGateway.Shared.Services.Teams;

namespace AiGateway.Portal.Components.Pages.Teams;

public static class TeamInputs
{
    /// <summary>The input that leaves a team as it is; owners are only read on creation, so they are not carried.</summary>
    public static TeamInput From(TeamView team)
    {
        ArgumentNullException.ThrowIfNull(team);
        return new TeamInput
        {
            Name = team.Name,
            Description = team.Description,
            Priority = team.Priority,
            AllowedRegions = team.AllowedRegions,
            AllowedAliases = team.AllowedAliases,
            EntraAppIds = team.EntraAppIds,
            MaxKeys = team.MaxKeys,
            MaxKeyLifetimeDays = team.MaxKeyLifetimeDays,
            MaxRequestsInFlight = team.MaxRequestsInFlight,
            Enabled = team.Enabled,
        };
    }
}
