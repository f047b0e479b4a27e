using AiGateway.Shared.Model;

namespace AiGateway.Portal.Components.Pages.Aliases;

/// <summary>
/// One deployment's share of an alias's traffic within its tier, with the labels an admin needs to recognise it.
/// <see cref="Idle"/> says why a configured target takes nothing (weight 0, or it or its backend disabled).
/// </summary>
public sealed record TrafficShare(
    Guid DeploymentId,
    string DeploymentName,
    string BackendName,
    string? Region,
    BackendTier BackendTier,
    int Weight,
    double Percent,
    string? Idle);
