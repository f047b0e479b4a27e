namespace AiGateway.Shared.Services.Spend;

/// <summary>
/// A team's spend in one UTC month (<see cref="Month"/>, <c>yyyy-MM</c>) per key and per alias, its budgets' use,
/// and a forecast for the month (null for a month still to come). <see cref="Provisional"/> while a day of the month is
/// not closed: fixed shares may still change.
/// </summary>
public sealed record TeamSpendView(
    Guid TeamId,
    string TeamName,
    string Month,
    DateTimeOffset From,
    DateTimeOffset To,
    DateTimeOffset AsOf,
    bool Provisional,
    decimal TokenCost,
    decimal FixedCost,
    decimal TotalCost,
    SpendForecast? Forecast,
    IReadOnlyList<SpendLineView> Keys,
    IReadOnlyList<SpendLineView> Aliases,
    IReadOnlyList<BudgetUseView> Budgets);
