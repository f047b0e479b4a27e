using AiGateway.Shared.Services.Teams;

namespace AiGateway.Portal.Components.Pages.Teams;

/// <summary>A row of the teams list: the team and how many of its keys work now.</summary>
public sealed record TeamSummary(TeamView Team, int ActiveKeys);
