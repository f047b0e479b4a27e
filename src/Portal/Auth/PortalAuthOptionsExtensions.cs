namespace AiGateway.Portal.Auth;

public static class PortalAuthOptionsExtensions
{
    /// <summary>
    /// Binds and checks <c>PortalAuth</c> at start, and returns the values the cookie and the providers are built from
    /// (they are registered once, before the options system could hand them out).
    /// </summary>
    public static PortalAuthOptions AddPortalAuthOptions(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var section = builder.Configuration.GetSection(PortalAuthOptions.SectionName);
        builder.Services.AddOptions<PortalAuthOptions>()
            .Bind(section)
            .Validate(o => o.IdleTimeout > TimeSpan.Zero, "PortalAuth:IdleTimeout must be positive (for example 01:00:00).")
            .Validate(o => o.AbsoluteLifetime >= o.IdleTimeout, "PortalAuth:AbsoluteLifetime must be at least PortalAuth:IdleTimeout.")
            .Validate(o => string.IsNullOrWhiteSpace(o.Oidc.Authority) == string.IsNullOrWhiteSpace(o.Oidc.ClientId),
                "PortalAuth:Oidc needs both Authority and ClientId (or neither, to turn it off).")
            .Validate(o => !o.Oidc.IsConfigured || Uri.TryCreate(o.Oidc.Authority, UriKind.Absolute, out _),
                "PortalAuth:Oidc:Authority must be an absolute URL.")
            .ValidateOnStart();
        return section.Get<PortalAuthOptions>() ?? new PortalAuthOptions();
    }
}
