namespace AiGateway.Portal.Auth;

/// <summary>
/// The controls a team page shows this person; each action is still checked on the server when it runs. Seeing the
/// team, issuing keys and reading usage need no flag here: anyone who may open the team page may do those.
/// </summary>
public sealed record TeamPermissions(bool EditDescription, bool ManageMembers, bool ManageAllKeys, bool ManageTokens)
{
    public static readonly TeamPermissions None = new(false, false, false, false);
}
