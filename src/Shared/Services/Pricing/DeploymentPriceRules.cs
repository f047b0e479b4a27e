using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Pricing;

/// <summary>What a price version may say, checked the same way wherever one is written (the API, the portal, a deployment's first prices, configuration as code).</summary>
public static class DeploymentPriceRules
{
    /// <summary>The columns hold 10 integer digits for per-1K prices; far above any real price.</summary>
    public const decimal MaxPer1K = 1_000_000m;

    /// <summary>The column holds 14 integer digits.</summary>
    public const decimal MaxMonthlyFixedCost = 1_000_000_000_000m;

    /// <summary>How far in the past a version may say it starts, for the clock skew between a caller and the server.</summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    /// <summary>When prices that have always applied take effect: a deployment's first prices, and those the migration copied.</summary>
    public static readonly DateTimeOffset Always = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Adds every field error of <paramref name="input"/> to <paramref name="errors"/>; prefixes name nested fields.</summary>
    public static void Check(DeploymentPriceInput input, ValidationErrors errors, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(errors);
        var tier = input.ServiceTier ?? ServiceTiers.Default;
        if (!ServiceTiers.IsKnown(tier))
        {
            errors.Add(prefix + "serviceTier", $"'serviceTier' must be one of: {string.Join(", ", ServiceTiers.All)}.");
        }

        Price(errors, prefix + "inputPer1K", input.InputPer1K);
        Price(errors, prefix + "cachedInputPer1K", input.CachedInputPer1K);
        Price(errors, prefix + "outputPer1K", input.OutputPer1K);
        Price(errors, prefix + "reasoningPer1K", input.ReasoningPer1K);
        Price(errors, prefix + "audioInputPer1K", input.AudioInputPer1K);
        Price(errors, prefix + "audioOutputPer1K", input.AudioOutputPer1K);
        var fixedField = prefix + "monthlyFixedCost";
        errors.NotNegative(fixedField, input.MonthlyFixedCost);
        if (input.MonthlyFixedCost > MaxMonthlyFixedCost)
        {
            errors.Add(fixedField, $"'monthlyFixedCost' must be at most {MaxMonthlyFixedCost}.");
        }

        if (input.MonthlyFixedCost is not null && tier != ServiceTiers.Default)
        {
            errors.Add(fixedField, "'monthlyFixedCost' may only be set on the default tier.");
        }
    }

    /// <summary>A new version written from <paramref name="input"/>, in force from <paramref name="effectiveFrom"/> (UTC).</summary>
    public static DeploymentPrice ToVersion(DeploymentPriceInput input, Guid deploymentId, DateTimeOffset effectiveFrom, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(input);
        return new DeploymentPrice
        {
            DeploymentId = deploymentId,
            ServiceTier = input.ServiceTier ?? ServiceTiers.Default,
            // Stored in UTC: SQLite orders the column by its binary form, which is only ordered within one offset.
            EffectiveFrom = effectiveFrom.ToUniversalTime(),
            InputPer1K = input.InputPer1K,
            CachedInputPer1K = input.CachedInputPer1K,
            OutputPer1K = input.OutputPer1K,
            ReasoningPer1K = input.ReasoningPer1K,
            AudioInputPer1K = input.AudioInputPer1K,
            AudioOutputPer1K = input.AudioOutputPer1K,
            MonthlyFixedCost = input.MonthlyFixedCost,
            CreatedAt = now,
        };
    }

    private static void Price(ValidationErrors errors, string field, decimal? value)
    {
        errors.NotNegative(field, value);
        if (value > MaxPer1K)
        {
            errors.Add(field, $"'{field[(field.LastIndexOf('.') + 1)..]}' must be at most {MaxPer1K}.");
        }
    }
}
