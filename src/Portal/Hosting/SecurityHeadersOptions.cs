namespace AiGateway.Portal.Hosting;

/// <summary>
/// Settings of the security headers (section <c>SecurityHeaders</c>). The policy itself is fixed in code; only what
/// depends on the deployment is configurable.
/// </summary>
public sealed class SecurityHeadersOptions
{
    public const string SectionName = "SecurityHeaders";

    /// <summary>
    /// Origins (<c>https://login.example.com</c>) a portal form may submit to beyond the portal itself. Browsers also
    /// check a form's redirects against <c>form-action</c>, so a sign-in or sign-out form that redirects to an identity
    /// provider needs the provider's origin here; a sign-in set-up can add it in code with
    /// <c>services.Configure&lt;SecurityHeadersOptions&gt;(o =&gt; o.FormActionOrigins.Add(...))</c>.
    /// </summary>
    public List<string> FormActionOrigins { get; set; } = [];

    /// <summary>How long a browser keeps to HTTPS after a Production answer (<c>Strict-Transport-Security</c>).</summary>
    public int HstsMaxAgeDays { get; set; } = 365;
}
