namespace AiGateway.Shared.Services.Spend;

/// <summary>
/// The month's spend at the current rate: month-to-date spend over the share of the month elapsed
/// (<see cref="ElapsedShare"/>, 0 to 1). For a month that has ended it is what was spent.
/// </summary>
public sealed record SpendForecast(decimal ElapsedShare, decimal TotalCost, decimal TokenCost)
{
    public const string Method = "month-to-date spend divided by the share of the month elapsed (UTC)";
}
