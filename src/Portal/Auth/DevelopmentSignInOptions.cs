namespace AiGateway.Portal.Auth;

/// <summary>Settings under <c>Auth:DevelopmentSignIn</c>.</summary>
public sealed class DevelopmentSignInOptions
{
    public const string SectionName = "Auth:DevelopmentSignIn";

    /// <summary>
    /// <c>Auth:DevelopmentSignIn:Enabled</c>: a sign-in that lets anyone pick who they are. On by default in
    /// Development, refused elsewhere unless set to true explicitly (for a demo on a closed network).
    /// </summary>
    public bool? Enabled { get; set; }
}
