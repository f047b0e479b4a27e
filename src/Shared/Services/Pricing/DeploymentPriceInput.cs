namespace AiGateway.Shared.Services.Pricing;

/// <summary>A new version of a deployment's price table for one service tier. Prices are per 1,000 tokens.</summary>
public sealed record DeploymentPriceInput
{
    /// <summary><c>default</c> (when omitted), <c>batch</c>, <c>flex</c> or <c>priority</c>.</summary>
    public string? ServiceTier { get; init; }

    /// <summary>When the version takes effect; now when omitted. Never in the past: recorded usage keeps its cost.</summary>
    public DateTimeOffset? EffectiveFrom { get; init; }

    public decimal InputPer1K { get; init; }
    public decimal? CachedInputPer1K { get; init; }
    public decimal OutputPer1K { get; init; }
    public decimal? ReasoningPer1K { get; init; }
    public decimal? AudioInputPer1K { get; init; }
    public decimal? AudioOutputPer1K { get; init; }

    /// <summary>Only on the default tier.</summary>
    public decimal? MonthlyFixedCost { get; init; }
}
