namespace AiGateway.Shared.Services.TeamTokens;

/// <summary>The answer to issuing a team token: the only time its secret is ever shown.</summary>
public sealed record IssuedTeamToken(TeamTokenView Token, string Secret);
