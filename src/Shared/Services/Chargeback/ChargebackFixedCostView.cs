namespace AiGateway.Shared.Services.Chargeback;

/// <summary>
/// How one deployment's fixed monthly cost was charged in the period, across all teams (whatever team the report is
/// filtered to): prorated to the period, then split by token share. <see cref="UnallocatedFixedCost"/> is the part
/// nobody used (the whole prorated cost when the deployment served no tokens).
/// </summary>
public sealed record ChargebackFixedCostView(
    Guid DeploymentId,
    string DeploymentName,
    string? BackendName,
    decimal MonthlyFixedCost,
    decimal ProratedFixedCost,
    long Tokens,
    decimal AllocatedFixedCost,
    decimal UnallocatedFixedCost);
