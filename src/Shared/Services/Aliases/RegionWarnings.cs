using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Aliases;

/// <summary>
/// Says which region-limited teams an alias cannot serve: the gateway never sends a team's traffic outside its regions,
/// failover included, so such a team's every request to the alias is refused with 503
/// <c>no_deployment_in_allowed_regions</c>. Better told to the admin when the alias or team is saved than found by
/// the team in production.
/// </summary>
public static class RegionWarnings
{
    /// <param name="alias">Loaded with its targets, their deployments and backends.</param>
    /// <param name="teams">Enabled teams; those without region limits are passed over.</param>
    public static IReadOnlyList<string> For(ModelAlias alias, IEnumerable<Team> teams)
    {
        ArgumentNullException.ThrowIfNull(alias);
        ArgumentNullException.ThrowIfNull(teams);
        var regions = alias.Targets
            .Where(t => t.Weight > 0 && t.Deployment is { } d && d.CanTakeTraffic() && d.Backend?.Region is not null)
            .Select(t => t.Deployment!.Backend!.Region!)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var warnings = new List<string>();
        foreach (var team in teams.Where(t => t.Enabled && t.AllowedRegions.Count > 0 && AliasScope.Of(t.AllowedAliases).Allows(alias.Name)).OrderBy(t => t.Name, StringComparer.Ordinal))
        {
            if (!team.AllowedRegions.Any(regions.Contains))
            {
                warnings.Add(
                    $"Team '{team.Name}' may only use regions {string.Join(", ", team.AllowedRegions)}, and no enabled target of '{alias.Name}' is in them: "
                    + "its requests to this alias get 503 no_deployment_in_allowed_regions.");
            }
        }

        return warnings;
    }
}
