namespace AiGateway.Portal.Hosting;

public static class SecurityHeaders
{
    /// <summary>Binds <see cref="SecurityHeadersOptions"/> and builds the header values once, failing at start on a bad origin.</summary>
    public static IHostApplicationBuilder AddSecurityHeaders(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<SecurityHeadersOptions>().Bind(builder.Configuration.GetSection(SecurityHeadersOptions.SectionName));
        builder.Services.AddSingleton(sp => new SecurityHeaderValues(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SecurityHeadersOptions>>().Value,
            sp.GetRequiredService<IHostEnvironment>().IsProduction()));
        return builder;
    }

    /// <summary>
    /// Lets portal forms submit to (or, after submitting, be redirected to) <paramref name="address"/>'s origin: what a
    /// sign-in set-up calls with its identity provider's authority. Only the origin is kept.
    /// </summary>
    public static IServiceCollection AllowFormActionTo(this IServiceCollection services, string address)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(address);
        return services.Configure<SecurityHeadersOptions>(o => o.FormActionOrigins.Add(address));
    }

    /// <summary>
    /// Headers every answer carries: no sniffing, no framing, no referrer leaking ids to other sites, a Content Security
    /// Policy, and HSTS in Production.
    /// </summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Built here rather than on the first answer, so a bad FormActionOrigins stops the start with its message.
        app.ApplicationServices.GetRequiredService<SecurityHeaderValues>();
        return app.UseMiddleware<SecurityHeadersMiddleware>();
    }
}
