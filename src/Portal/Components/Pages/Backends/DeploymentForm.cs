using AiGateway.Shared.Services.Backends;
using AiGateway.Shared.Services.Pricing;

namespace AiGateway.Portal.Components.Pages.Backends;

/// <summary>The deployment dialog's editable fields. Prices are asked for only when adding a deployment: later they change by versions.</summary>
public sealed class DeploymentForm
{
    public string? Name { get; set; }
    public string? Model { get; set; }
    public string? ModelVersion { get; set; }
    public int? CapacityTokensPerMinute { get; set; }
    public int? CapacityRequestsPerMinute { get; set; }
    public decimal InputPricePer1K { get; set; }
    public decimal? CachedInputPricePer1K { get; set; }
    public decimal OutputPricePer1K { get; set; }
    public decimal? MonthlyFixedCost { get; set; }
    public bool Enabled { get; set; } = true;

    public static DeploymentForm From(DeploymentView view)
    {
        ArgumentNullException.ThrowIfNull(view);
        return new()
        {
            Name = view.Name,
            Model = view.Model,
            ModelVersion = view.ModelVersion,
            CapacityTokensPerMinute = view.CapacityTokensPerMinute,
            CapacityRequestsPerMinute = view.CapacityRequestsPerMinute,
            Enabled = view.Enabled,
        };
    }

    /// <summary>The input to save; <paramref name="creating"/> includes the first prices.</summary>
    public DeploymentInput ToInput(Guid backendId, bool creating = false) => new()
    {
        BackendId = backendId,
        Name = Name,
        Model = Model,
        ModelVersion = ModelVersion,
        CapacityTokensPerMinute = CapacityTokensPerMinute,
        CapacityRequestsPerMinute = CapacityRequestsPerMinute,
        Price = creating
            ? new DeploymentPriceInput
            {
                InputPer1K = InputPricePer1K, CachedInputPer1K = CachedInputPricePer1K, OutputPer1K = OutputPricePer1K, MonthlyFixedCost = MonthlyFixedCost,
            }
            : null,
        Enabled = Enabled,
    };

    public static DeploymentInput WithEnabled(DeploymentView view, bool enabled) => From(view).ToInput(view.BackendId) with { Enabled = enabled };
}
