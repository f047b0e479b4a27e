namespace AiGateway.Shared.Services.Chargeback;

/// <summary>
/// What each team owes for the period [<see cref="From"/>, <see cref="To"/>) (usage counted by the UTC hour it
/// started in), optionally for one team only. <see cref="Provisional"/> when any day of the period is not closed:
/// <see cref="OpenDays"/> lists those that have started, whose fixed costs were computed as of now and may still
/// change (days still to come are open too).
/// </summary>
public sealed record ChargebackReport(
    DateTimeOffset From,
    DateTimeOffset To,
    Guid? TeamId,
    IReadOnlyList<ChargebackTeamView> Teams,
    IReadOnlyList<ChargebackFixedCostView> FixedCosts,
    ChargebackTotals Totals,
    bool Provisional,
    IReadOnlyList<DateOnly> OpenDays);
