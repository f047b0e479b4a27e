namespace AiGateway.Portal.Components.Pages.Dashboard;

/// <summary>One limit of a team's quota policy and how much of it is used in the current window.</summary>
public sealed record QuotaGauge(string Label, string Window, long Used, long Limit)
{
    public double Percent => Limit <= 0 ? 0 : Math.Min(100, 100.0 * Used / Limit);
}
