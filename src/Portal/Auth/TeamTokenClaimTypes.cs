namespace AiGateway.Portal.Auth;

/// <summary>Claims a team API token's identity carries: the team it acts for and its scopes.</summary>
public static class TeamTokenClaimTypes
{
    public const string TeamId = "aigw:team_token_team";

    /// <summary>One claim per scope, named as in <see cref="AiGateway.Shared.Model.TeamTokenScopes"/>.</summary>
    public const string Scope = "aigw:team_token_scope";
}
