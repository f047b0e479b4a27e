using AiGateway.Gateway.Backends;
using AiGateway.Portal.Auth;
using AiGateway.Portal.Components;
using MudBlazor.Services;

namespace AiGateway.Portal.Hosting;

/// <summary>The portal's web UI: Blazor Server with MudBlazor, behind the portal's sign-in.</summary>
public static class PortalUiExtensions
{
    public static IHostApplicationBuilder AddPortalUi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddRazorComponents().AddInteractiveServerComponents();
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddMudServices();
        builder.Services.AddScoped<PortalAccess>();
        builder.Services.AddScoped<AiGateway.Portal.Components.Pages.Teams.TeamWorkspace>();
        builder.Services.AddScoped<AiGateway.Portal.Components.Pages.Alerts.AlertsWorkspace>();
        builder.Services.AddBackendConnectionTester();
        return builder;
    }

    public static WebApplication MapPortalUi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapStaticAssets();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        app.MapPortalDownloads();
        app.MapPortalSignIn();
        return app;
    }
}
