using System.Globalization;
using AiGateway.Shared.Services.Alerts;

namespace AiGateway.Shared.Services.Rollouts;

/// <summary>The alert notices a rollout raises. Dedupe keys hold the revision, so a replica that judged the same state cannot repeat them.</summary>
public static class RolloutAlerts
{
    public static AlertNotice Breached(RolloutView rollout, string reason, string action, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        return new AlertNotice(
            AlertKind.RolloutBreach,
            $"Rollout of '{rollout.AliasName}' breached its guards",
            $"{reason} The rollout was {action}.",
            at,
            DedupeKey: string.Create(CultureInfo.InvariantCulture, $"rollout-breach:{rollout.Id}:{rollout.Revision}"))
        {
            Facts = Facts(rollout),
        };
    }

    public static AlertNotice RolledBack(RolloutView rollout, string reason, string actor, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        var facts = Facts(rollout);
        facts["By"] = actor;
        return new AlertNotice(
            AlertKind.RolloutRolledBack,
            $"Rollout of '{rollout.AliasName}' rolled back",
            $"All traffic of '{rollout.AliasName}' is back on '{rollout.FromDeploymentName}'. {reason}",
            at,
            DedupeKey: $"rollout-rollback:{rollout.Id}")
        {
            Facts = facts,
        };
    }

    private static Dictionary<string, string> Facts(RolloutView rollout) => new()
    {
        ["Alias"] = rollout.AliasName,
        ["From"] = rollout.FromDeploymentName,
        ["To"] = rollout.ToDeploymentName,
        ["Weight"] = rollout.CurrentWeight.ToString(CultureInfo.InvariantCulture) + " %",
    };
}
