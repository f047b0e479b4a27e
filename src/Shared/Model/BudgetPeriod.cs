namespace AiGateway.Shared.Model;

/// <summary>The window a budget counts in; both are aligned to UTC.</summary>
public enum BudgetPeriod
{
    Daily,
    Monthly,
}
