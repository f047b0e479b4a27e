using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Aliases;

namespace AiGateway.Portal.Components.Pages.Aliases;

/// <summary>The alias dialog's editable fields, with its target rows.</summary>
public sealed class AliasForm
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public bool Enabled { get; set; } = true;

    /// <summary>The alias's own wait for a deployment's response headers; null for the gateway's default.</summary>
    public double? FirstByteTimeoutSeconds { get; set; }

    /// <summary>Whether targets may serve different models or versions (off: spillover never changes the model).</summary>
    public bool AllowMixedModelVersions { get; set; }
    public RoutingStrategy RoutingStrategy { get; set; } = RoutingStrategy.Weighted;
    public int HighReservedPercent { get; set; }
    public int MaxQueueLength { get; set; } = ModelAlias.DefaultMaxQueueLength;
    public double LowQueueSeconds { get; set; } = ModelAlias.DefaultLowQueueSeconds;
    public double NormalQueueSeconds { get; set; }
    public List<AliasTargetForm> Targets { get; } = [];

    public static AliasForm From(AliasView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        var form = new AliasForm
        {
            Name = view.Name,
            Description = view.Description,
            Enabled = view.Enabled,
            FirstByteTimeoutSeconds = view.FirstByteTimeoutSeconds,
            AllowMixedModelVersions = view.AllowMixedModelVersions,
            RoutingStrategy = view.RoutingStrategy,
            HighReservedPercent = view.HighReservedPercent,
            MaxQueueLength = view.MaxQueueLength,
            LowQueueSeconds = view.LowQueueSeconds,
            NormalQueueSeconds = view.NormalQueueSeconds,
        };
        form.Targets.AddRange(view.Targets.Select(t => new AliasTargetForm { DeploymentId = t.DeploymentId, Weight = t.Weight, PriorityTier = t.PriorityTier }));
        return form;
    }

    public AliasInput ToInput() => new()
    {
        Name = Name,
        Description = string.IsNullOrWhiteSpace(Description) ? null : Description,
        Enabled = Enabled,
        FirstByteTimeoutSeconds = FirstByteTimeoutSeconds,
        AllowMixedModelVersions = AllowMixedModelVersions,
        RoutingStrategy = RoutingStrategy,
        HighReservedPercent = HighReservedPercent,
        MaxQueueLength = MaxQueueLength,
        LowQueueSeconds = LowQueueSeconds,
        NormalQueueSeconds = NormalQueueSeconds,
        Targets = Targets.Select(t => new AliasTargetInput { DeploymentId = t.DeploymentId ?? Guid.Empty, Weight = t.Weight, PriorityTier = t.PriorityTier }).ToList(),
    };

    /// <summary>The same alias with only its enabled flag changed.</summary>
    public static AliasInput WithEnabled(AliasView view, bool enabled) => From(view).ToInput() with { Enabled = enabled };
}
