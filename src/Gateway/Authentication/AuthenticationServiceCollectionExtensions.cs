using AiGateway.Shared.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Identity.Web;

namespace AiGateway.Gateway.Authentication;

public static class AuthenticationServiceCollectionExtensions
{
    public const string EntraSectionName = "AzureAd";

    /// <summary>
    /// Client authentication: gateway keys always (the hasher comes with the data layer), and Entra ID access tokens
    /// for clients when an <c>AzureAd</c> section names a ClientId; and the keys' "last used", noted in memory per
    /// request and stored in batches by <see cref="KeyUseWriter"/> (needs the database, <c>AddGatewayData</c>).
    /// </summary>
    public static IHostApplicationBuilder AddGatewayAuthentication(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var entra = builder.Configuration.GetSection(EntraSectionName);
        var entraEnabled = !string.IsNullOrWhiteSpace(entra["ClientId"]);
        services.AddSingleton(new GatewayEntraOptions(entraEnabled));
        services.AddSingleton<GatewayCallerAuthenticator>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<KeyUseTracker>();
        services.TryAddSingleton<FailedCredentialLog>();
        services.TryAddSingleton<KeyUseWriter>();
        services.AddHostedService(sp => sp.GetRequiredService<KeyUseWriter>());
        if (entraEnabled)
        {
            services.AddAuthentication()
                .AddMicrosoftIdentityWebApi(
                    jwt => entra.Bind(jwt),
                    identity =>
                    {
                        entra.Bind(identity);
                        // Apps are authorised by the gateway's own mapping of app id to team, not by scopes or roles in the token.
                        identity.AllowWebApiToBeAuthorizedByACL = true;
                    },
                    GatewayEntraOptions.Scheme);
        }

        return builder;
    }
}
