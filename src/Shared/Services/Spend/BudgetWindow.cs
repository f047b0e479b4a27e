namespace AiGateway.Shared.Services.Spend;

public enum BudgetWindow
{
    /// <summary>The current UTC day.</summary>
    Day = 0,

    /// <summary>The UTC calendar month.</summary>
    Month = 1,
}
