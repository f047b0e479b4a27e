using System.ComponentModel.DataAnnotations;

namespace AiGateway.Shared.Services.Budgets;

/// <summary>The <c>Budgets</c> settings: how often budget spend is checked against the notice thresholds.</summary>
public sealed class BudgetOptions
{
    public const string SectionName = "Budgets";

    /// <summary>How often each replica checks (<c>Budgets:CheckInterval</c>, e.g. <c>00:01:00</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Budgets:CheckInterval must be from 1 second to 1 day.")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(1);
}
