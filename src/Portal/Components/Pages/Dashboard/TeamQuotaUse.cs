namespace AiGateway.Portal.Components.Pages.Dashboard;

/// <summary>A team's policy limits, each with its use in the current minute, day or month.</summary>
public sealed record TeamQuotaUse(Guid TeamId, string TeamName, IReadOnlyList<QuotaGauge> Gauges);
