using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Spend;

/// <summary>
/// How much of one budget of one quota policy is used: <see cref="Percent"/> is <see cref="Used"/> over
/// <see cref="Limit"/>. <see cref="Forecast"/>, for a monthly budget in the current month, is the use the month will
/// end with at the rate so far.
/// </summary>
public sealed record BudgetUseView(
    Guid PolicyId,
    QuotaScope Scope,
    string Subject,
    BudgetWindow Window,
    BudgetUnit Unit,
    decimal Used,
    decimal Limit,
    decimal Percent,
    decimal? Forecast);
