namespace AiGateway.Portal.Auth;

public static class PortalRoles
{
    public const string Admin = "Admin";
    public const string TeamMember = "TeamMember";
}
