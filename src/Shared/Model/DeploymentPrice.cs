namespace AiGateway.Shared.Model;

/// <summary>
/// One version of a deployment's price table for one service tier, in force from <see cref="EffectiveFrom"/> until the
/// next version of the same deployment and tier. Versions are never re-priced after the fact: a usage record is priced
/// by the version in force at its time, and a fixed cost is allocated by the version in force on the day closed.
/// </summary>
public sealed class DeploymentPrice : IConfigurationEntity
{
    /// <summary>The tier an answer that names none (or names <c>default</c>/<c>auto</c>) is priced at.</summary>
    public const string DefaultServiceTier = "default";

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid DeploymentId { get; set; }
    public Deployment? Deployment { get; set; }

    /// <summary>
    /// The <c>service_tier</c> an answer names that this price applies to: <c>default</c>, <c>batch</c>, <c>flex</c>,
    /// <c>priority</c>. An answer in a tier without a price of its own is priced at the default tier.
    /// </summary>
    public string ServiceTier { get; set; } = DefaultServiceTier;

    public DateTimeOffset EffectiveFrom { get; set; }

    /// <summary>Prompt (input) tokens not served from the prompt cache, per 1,000.</summary>
    public decimal InputPer1K { get; set; }

    /// <summary>Prompt tokens served from the prompt cache, per 1,000; null charges them at <see cref="InputPer1K"/>.</summary>
    public decimal? CachedInputPer1K { get; set; }

    /// <summary>Completion (output) tokens other than reasoning and audio ones, per 1,000.</summary>
    public decimal OutputPer1K { get; set; }

    /// <summary>Reasoning tokens, per 1,000; null charges them at <see cref="OutputPer1K"/>.</summary>
    public decimal? ReasoningPer1K { get; set; }

    /// <summary>Audio prompt tokens, per 1,000; null charges them at <see cref="InputPer1K"/>.</summary>
    public decimal? AudioInputPer1K { get; set; }

    /// <summary>Audio completion tokens, per 1,000; null charges them at <see cref="OutputPer1K"/>.</summary>
    public decimal? AudioOutputPer1K { get; set; }

    /// <summary>
    /// A fixed price per calendar month (provisioned throughput), allocated to the teams that used the deployment once
    /// per closed day; only on the default tier; null when the deployment is billed per token only.
    /// </summary>
    public decimal? MonthlyFixedCost { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
