using AiGateway.Gateway.Metering;
using AiGateway.Portal.Api;
using AiGateway.Portal.Auth;
using AiGateway.Shared.Services.Budgets;
using AiGateway.Shared.Services.Chargeback;

namespace AiGateway.Portal.Hosting;

/// <summary>
/// The Portal role (<see cref="HostRoles"/>): what people and automation use to run the gateway, and the cluster's
/// management work that no request waits for. The rule: work a model request needs on the replica that serves it
/// (configuration, metering, key use, rollout figures, raising alerts) is the Gateway role's; work that acts on the
/// whole cluster from the database (delivering alerts, budget notices, closing chargeback days, pruning old throttle
/// events) is the Portal role's, and runs on any replica with it (each is safe on several at once).
/// </summary>
public static class PortalRoleExtensions
{
    public static IHostApplicationBuilder AddPortal(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .AddChargebackPeriods()
            .AddPortalAuthentication()
            .AddPortalAuthorization()
            .AddManagementApi()
            .AddBudgetNotices()
            .AddThrottleEventRetention()
            .AddPortalUi();
    }

    public static WebApplication UsePortal(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UsePortalAuthentication();
        return app;
    }

    /// <summary>The management API and its OpenAPI document, the development sign-in, and the UI.</summary>
    public static WebApplication MapPortal(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapOpenApi();
        app.MapAdminApi();
        app.MapDevelopmentSignIn();
        app.MapPortalUi();
        return app;
    }
}
