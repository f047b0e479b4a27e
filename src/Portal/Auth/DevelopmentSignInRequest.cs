namespace AiGateway.Portal.Auth;

/// <summary>Who to sign in as with the development sign-in: a user id and a role (Admin or TeamMember).</summary>
public sealed record DevelopmentSignInRequest(string? UserId, string? Role, string? DisplayName);
