using AiGateway.Shared.Services.Backends;

namespace AiGateway.Portal.Components.Pages.Backends;

/// <summary>The deployment dialog's editable fields.</summary>
public sealed class DeploymentForm
{
    public string? Name { get; set; }
    public string? Model { get; set; }
    public string? ModelVersion { get; set; }
    public int? CapacityTokensPerMinute { get; set; }
    public int? CapacityRequestsPerMinute { get; set; }
    public decimal InputPricePer1K { get; set; }
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
            InputPricePer1K = view.InputPricePer1K,
            OutputPricePer1K = view.OutputPricePer1K,
            MonthlyFixedCost = view.MonthlyFixedCost,
            Enabled = view.Enabled,
        };
    }

    public DeploymentInput ToInput(Guid backendId) => new()
    {
        BackendId = backendId,
        Name = Name,
        Model = Model,
        ModelVersion = ModelVersion,
        CapacityTokensPerMinute = CapacityTokensPerMinute,
        CapacityRequestsPerMinute = CapacityRequestsPerMinute,
        InputPricePer1K = InputPricePer1K,
        OutputPricePer1K = OutputPricePer1K,
        MonthlyFixedCost = MonthlyFixedCost,
        Enabled = Enabled,
    };

    public static DeploymentInput WithEnabled(DeploymentView view, bool enabled) => From(view).ToInput(view.BackendId) with { Enabled = enabled };
}
