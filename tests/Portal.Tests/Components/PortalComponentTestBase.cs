using AiGateway.Portal.Auth;
using AiGateway.Shared.Data;
using AiGateway.Shared.Services.Alerts;
using Bunit;
using Bunit.TestDoubles;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using MudBlazor;
using MudBlazor.Services;

namespace AiGateway.Portal.Tests.Components;

/// <summary>
/// A bUnit context for the portal's pages and components: MudBlazor registered (with its popover provider rendered,
/// which selects and menus need), the application services over a real, migrated SQLite database of its own, and a
/// fake signed-in user set per test.
/// </summary>
public abstract class PortalComponentTestBase : BunitContext, IAsyncLifetime
{
    private readonly IHost _data;
    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), $"aigw-bunit-{Guid.NewGuid():N}");

    protected PortalComponentTestBase()
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Database:DataPath"] = _dataPath });
        builder.AddGatewayData();
        // Registered, never started: the pages call the alert services directly.
        builder.AddAlerts();
        _data = builder.Build();

        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        // PortalAccess is built by bUnit's container, which resolves its own dependencies first: give it the database.
        Services.AddSingleton(_data.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>());
        Services.AddScoped<PortalAccess>();
        Services.AddFallbackServiceProvider(_data.Services);
        Authorization = AddAuthorization();
        // bUnit's fake authorisation service answers from roles and policies set per test; the team rules are real
        // resource handlers over the database, so the pages are judged by the same rules as in the product.
        Services.AddAuthorizationCore();
        Services.AddTeamAuthorization();
        Services.Replace(ServiceDescriptor.Transient<IAuthorizationService, DefaultAuthorizationService>());
    }

    protected BunitAuthorizationContext Authorization { get; }

    protected IServiceProvider Data => _data.Services;

    protected static CancellationToken Ct => Xunit.TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        await using var db = await Data.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        await db.Database.MigrateAsync(Ct);
        Render<MudPopoverProvider>();
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _data.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    protected void SignInAsAdmin(string userId = "admin@test.local")
    {
        Authorization.SetAuthorized(userId);
        Authorization.SetRoles(PortalRoles.Admin);
        Authorization.SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, userId));
    }

    protected void SignInAsMember(string userId)
    {
        Authorization.SetAuthorized(userId);
        Authorization.SetRoles(PortalRoles.TeamMember);
        Authorization.SetClaims(new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.NameIdentifier, userId));
    }
}
