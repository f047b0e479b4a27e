using AiGateway.Gateway.Context;

namespace AiGateway.Gateway.Quotas;

/// <summary>The quota policies a request must satisfy: its team's, its key's, and its team's use of the alias.</summary>
public static class ApplicableQuotas
{
    /// <summary>
    /// Works the counters out for a request; its context keeps them (<see cref="GatewayRequestContext.QuotaCounters"/>),
    /// since compliance and admission both ask.
    /// </summary>
    internal static QuotaCounter[] Build(GatewayRequestContext gateway)
    {
        var caller = gateway.Caller;
        var team = caller.Team;
        var teamLimits = team.Limits;
        var keyLimits = caller.Key?.Limits;
        gateway.Snapshot.TeamAliasLimits.TryGetValue((team.Id, gateway.Alias.Id), out var aliasLimits);
        var count = (teamLimits is null ? 0 : 1) + (keyLimits is null ? 0 : 1) + (aliasLimits is null ? 0 : 1);
        if (count == 0)
        {
            return [];
        }

        var counters = new QuotaCounter[count];
        var i = 0;
        if (teamLimits is not null)
        {
            counters[i++] = new QuotaCounter(team.Id, teamLimits);
        }

        if (keyLimits is not null)
        {
            counters[i++] = new QuotaCounter(team.Id, keyLimits);
        }

        if (aliasLimits is not null)
        {
            counters[i] = new QuotaCounter(team.Id, aliasLimits);
        }

        return counters;
    }

    /// <summary>The tightest output-token cap of the policies, which is also the estimate for a request that names none.</summary>
    public static int? OutputCap(IReadOnlyList<QuotaCounter> counters)
    {
        ArgumentNullException.ThrowIfNull(counters);
        int? cap = null;
        for (var i = 0; i < counters.Count; i++)
        {
            if (counters[i].Limits.MaxTokensPerRequest is { } max && (cap is null || max < cap))
            {
                cap = max;
            }
        }

        return cap;
    }
}
