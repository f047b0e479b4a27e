namespace AiGateway.Shared.Services.Chargeback;

/// <summary>
/// One day's share of one deployment's fixed cost for one team's use of one alias (or, with <see cref="Guid.Empty"/>
/// team, the cost of a day nobody used the deployment): stored for a closed day, computed for an open one.
/// </summary>
public sealed record DayAllocation(DateTimeOffset DayStart, Guid DeploymentId, Guid TeamId, string AliasName, long Tokens, decimal Amount, decimal DailyFixedCost)
{
    public bool IsUnallocated => TeamId == Guid.Empty;
}
