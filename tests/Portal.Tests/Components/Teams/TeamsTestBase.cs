using AiGateway.Gateway.Configuration;
using AiGateway.Portal.Components.Pages.Teams;
using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Keys;
using AiGateway.Shared.Services.Quotas;
using AiGateway.Shared.Services.Teams;
using AiGateway.Shared.Services.TeamTokens;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AiGateway.Portal.Tests.Components.Teams;

/// <summary>The portal's bUnit base plus what the team pages need: their workspace service, a rendered dialog provider, and seeding helpers.</summary>
public abstract class TeamsTestBase : PortalComponentTestBase
{
    protected const string Seeder = "test-seeder";

    protected TeamsTestBase()
    {
        // The fallback provider only answers what bUnit's own container lacks; services built by bUnit's container
        // (PortalAccess, TeamWorkspace) need their data dependencies registered there, so forward the same instances.
        Services.AddSingleton(Data.GetRequiredService<TimeProvider>());
        Services.AddSingleton(Data.GetRequiredService<TeamService>());
        Services.AddSingleton(Data.GetRequiredService<ApiKeyService>());
        Services.AddSingleton(Data.GetRequiredService<TeamTokenService>());
        Services.AddSingleton(Data.GetRequiredService<QuotaPolicyService>());
        Services.AddSingleton(Data.GetRequiredService<AliasService>());
        Services.AddSingleton(Data.GetRequiredService<AiGateway.Shared.Services.Spend.TeamSpendService>());
        Services.AddSingleton<IGatewayReloader>(Reloader);
        Services.AddScoped<TeamWorkspace>();
        Services.AddSingleton(Data.GetRequiredService<AiGateway.Shared.Services.Alerts.AlertChannelService>());
        Services.AddScoped<AiGateway.Portal.Components.Pages.Alerts.AlertsWorkspace>();
    }

    /// <summary>What the team pages asked of this replica's gateway configuration.</summary>
    protected RecordingGatewayReloader Reloader { get; } = new();

    /// <summary>Where MudBlazor renders dialogs opened through <see cref="IDialogService"/>.</summary>
    protected IRenderedComponent<MudDialogProvider> Dialogs { get; private set; } = default!;

    protected TeamService TeamService => Data.GetRequiredService<TeamService>();

    protected ApiKeyService KeyService => Data.GetRequiredService<ApiKeyService>();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Dialogs = Render<MudDialogProvider>();
    }

    protected Task<TeamView> CreateTeamAsync(string name, int? maxKeys = null, int? maxKeyLifetimeDays = null, IReadOnlyList<string>? aliases = null, params string[] owners) =>
        TeamService.CreateAsync(
            new TeamInput { Name = name, Owners = owners, MaxKeys = maxKeys, MaxKeyLifetimeDays = maxKeyLifetimeDays, AllowedAliases = aliases },
            Seeder,
            Ct);

    protected async Task CreateAliasAsync(string name)
    {
        await using var db = await Data.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        db.Aliases.Add(new ModelAlias { Name = name, CreatedAt = DateTimeOffset.UtcNow });
        await db.SaveConfigurationChangesAsync(Seeder, Ct);
    }

    protected Task<IssuedApiKey> IssueKeyAsync(Guid teamId, string name) =>
        KeyService.IssueAsync(teamId, new ApiKeyInput { Name = name, ExpiresAt = DateTimeOffset.UtcNow.AddDays(30) }, Seeder, ct: Ct);

    /// <summary>Types into a MudBlazor text or numeric field, found by the data-testid MudBlazor puts on its input.</summary>
    protected static void Fill<T>(IRenderedComponent<T> host, string testId, string value)
        where T : Microsoft.AspNetCore.Components.IComponent
    {
        var selector = $"[data-testid='{testId}']";
        if (host.Find(selector).HasAttribute("blazor:oninput"))
        {
            host.Find(selector).Input(value);
        }

        if (host.Find(selector).HasAttribute("blazor:onchange"))
        {
            host.Find(selector).Change(value);
        }
    }

    protected static void Click<T>(IRenderedComponent<T> host, string testId)
        where T : Microsoft.AspNetCore.Components.IComponent =>
        host.WaitForElement($"[data-testid='{testId}']").Click();

    /// <summary>Confirms or cancels the <c>ConfirmDialog</c> now open.</summary>
    protected void AnswerConfirmation(bool confirm) => Click(Dialogs, confirm ? "confirm-ok" : "confirm-cancel");
}
