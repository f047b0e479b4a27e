namespace AiGateway.Portal.Auth;

/// <summary>Settings under <c>Admin</c>.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";
    public const int MinimumTokenLength = 32;

    /// <summary>
    /// <c>Admin:BootstrapToken</c>: a bearer token with the Admin role for automation (first onboarding, CI). Off when
    /// unset; at least 32 characters when set. Every use is audited as <c>bootstrap-token</c>.
    /// </summary>
    public string? BootstrapToken { get; set; }
}
