namespace AiGateway.Portal.Auth;

public static class PortalPolicies
{
    /// <summary>Admins only: the management API and the admin pages.</summary>
    public const string Admin = "Admin";
}
