namespace AiGateway.Shared.Services.Chargeback;

/// <summary>
/// What each team owes for the period [<see cref="From"/>, <see cref="To"/>) (usage counted by the UTC hour it
/// started in), optionally for one team only.
/// </summary>
public sealed record ChargebackReport(
    DateTimeOffset From,
    DateTimeOffset To,
    Guid? TeamId,
    IReadOnlyList<ChargebackTeamView> Teams,
    IReadOnlyList<ChargebackFixedCostView> FixedCosts,
    ChargebackTotals Totals);
