namespace AiGateway.Portal.Auth;

/// <summary>Claim types the portal adds to a signed-in person's identity, whatever signed them in.</summary>
public static class PortalClaimTypes
{
    /// <summary>
    /// Another id a team's member list may know this person by (an Entra object id, a UPN, an e-mail), beside the
    /// name identifier: an admin adding a member types whichever they know, and it must match at sign-in.
    /// </summary>
    public const string AlternateUserId = "aigw:alt_user_id";
}
