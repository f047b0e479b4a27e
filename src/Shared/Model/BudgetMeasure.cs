namespace AiGateway.Shared.Model;

/// <summary>What a budget counts: spend in the price tables' currency, or tokens.</summary>
public enum BudgetMeasure
{
    Cost,
    Tokens,
}
