using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.TeamTokens;

/// <summary>A presented team token that matched an active row: whose team it acts for and what it may do there.</summary>
public sealed record AuthenticatedTeamToken(Guid TokenId, Guid TeamId, string Prefix, TeamTokenScopes Scopes);
