namespace AiGateway.Shared.Services.Spend;

public enum BudgetUnit
{
    /// <summary>Money, in the price tables' currency: the per-token cost the gateway enforces (fixed shares are not counted).</summary>
    Cost = 0,

    /// <summary>Prompt and completion tokens.</summary>
    Tokens = 1,
}
