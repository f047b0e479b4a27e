using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Aliases;

/// <summary>
/// Keeps one model and version behind an alias unless the alias allows a mix: a request that spills over to another
/// target must get the same model's behaviour. Versions are compared only where both deployments state one, so a
/// deployment whose version was never entered does not block an alias; model names always are.
/// </summary>
public static class ModelVersionCheck
{
    /// <summary>Adds an error under <paramref name="field"/> when the deployments serve more than one model or version.</summary>
    /// <param name="exempt">A deployment a rollout in progress is moving the alias to: its new version is the point.</param>
    public static void Check(ValidationErrors errors, string field, IReadOnlyCollection<Deployment> deployments, bool allowMixed, Guid? exempt = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        ArgumentNullException.ThrowIfNull(deployments);
        if (allowMixed)
        {
            return;
        }

        var compared = deployments.Where(d => d.Id != exempt).ToList();
        for (var i = 0; i < compared.Count; i++)
        {
            for (var j = i + 1; j < compared.Count; j++)
            {
                if (Differ(compared[i], compared[j]))
                {
                    errors.Add(field,
                        $"The alias's targets serve different models: '{compared[i].Name}' is {Describe(compared[i])} and '{compared[j].Name}' is {Describe(compared[j])}. "
                        + "Spillover between them would change the model's behaviour; use one model version per alias, or set 'allowMixedModelVersions' to accept it.");
                    return;
                }
            }
        }
    }

    /// <summary>The deployment a rollout in progress on the alias is moving it to, exempt from the check; null when none is.</summary>
    public static Task<Guid?> RolloutGreenAsync(PortalDbContext db, Guid aliasId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Rollouts
            .Where(r => r.AliasId == aliasId && (r.State == RolloutState.Running || r.State == RolloutState.Paused || r.State == RolloutState.Pending))
            .Select(r => (Guid?)r.ToDeploymentId).FirstOrDefaultAsync(ct);
    }

    public static bool Differ(Deployment a, Deployment b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        return !string.Equals(a.Model.Trim(), b.Model.Trim(), StringComparison.OrdinalIgnoreCase)
            || (!string.IsNullOrWhiteSpace(a.ModelVersion) && !string.IsNullOrWhiteSpace(b.ModelVersion)
                && !string.Equals(a.ModelVersion.Trim(), b.ModelVersion.Trim(), StringComparison.OrdinalIgnoreCase));
    }

    private static string Describe(Deployment d) =>
        string.IsNullOrWhiteSpace(d.ModelVersion) ? $"'{d.Model}'" : $"'{d.Model}' version '{d.ModelVersion}'";
}
