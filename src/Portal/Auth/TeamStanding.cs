namespace AiGateway.Portal.Auth;

/// <summary>Where the caller stands towards one team, which is all the team rules need to know about them.</summary>
public enum TeamStanding
{
    /// <summary>Not on the team (or a token of another team).</summary>
    Outsider,
    Member,
    Owner,

    /// <summary>A team API token of this team; what it may do depends on its scopes.</summary>
    Token,
    Admin,
}
