namespace AiGateway.Shared.Services.Chargeback;

/// <summary>
/// How one deployment's fixed cost was charged in the period, across all teams (whatever team the report is filtered
/// to): <see cref="FixedCost"/> is its cost for the <see cref="Days"/> days counted (each day the monthly cost in force
/// at its start over the month's days; a day the period covers in part, in proportion), split day by day by token
/// share. <see cref="UnallocatedFixedCost"/> is the part of days nobody used it. <see cref="DeploymentName"/> is null
/// when the deployment no longer exists.
/// </summary>
public sealed record ChargebackFixedCostView(
    Guid DeploymentId,
    string? DeploymentName,
    string? BackendName,
    int Days,
    decimal FixedCost,
    long Tokens,
    decimal AllocatedFixedCost,
    decimal UnallocatedFixedCost);
