using AiGateway.Portal.Components.Pages.Alerts;
using AiGateway.Portal.Tests.Components.Teams;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Alerts;
using AiGateway.Shared.Services.Teams;
using AiGateway.Shared.Tests.Services.Alerts;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Portal.Tests.Components.Alerts;

public sealed class AlertChannelsPanelTests : TeamsTestBase
{
    private AlertChannelService Channels => Data.GetRequiredService<AlertChannelService>();

    [Fact]
    public async Task Add_AsOwner_SavesTheChannelWithItsUrlMasked()
    {
        var team = await CreateTeamAsync("payments", owners: "lead@contoso.com");
        SignInAsMember("lead@contoso.com");
        var panel = Render<AlertChannelsPanel>(p => p.Add(x => x.TeamId, team.Id));

        Click(panel, "add-alert-channel");
        Fill(panel, "alert-channel-name", "ops");
        Fill(panel, "alert-channel-url", "https://hooks.example.com/services/secret-token");
        Click(panel, "alert-channel-save");

        panel.WaitForElement("[data-testid='alert-channel-ops']");
        var channel = Assert.Single(await Channels.ListAsync(team.Id, Ct));
        Assert.Equal(("ops", AlertChannelKind.Webhook, "https://hooks.example.com/***"), (channel.Name, channel.Kind, channel.Url));
        Assert.Equal(AlertChannelsPanel.SubscribableKinds, channel.Kinds);
        Assert.DoesNotContain("secret-token", panel.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Add_WithoutNameOrUrl_ShowsEachErrorUnderItsField()
    {
        var team = await CreateTeamAsync("payments", owners: "lead@contoso.com");
        SignInAsMember("lead@contoso.com");
        var panel = Render<AlertChannelsPanel>(p => p.Add(x => x.TeamId, team.Id));

        Click(panel, "add-alert-channel");
        Click(panel, "alert-channel-save");

        panel.WaitForAssertion(() => Assert.Contains("'url' is required", panel.Markup, StringComparison.Ordinal));
        Assert.Contains("'name' is required", panel.Markup, StringComparison.Ordinal);
        Assert.Empty(await Channels.ListAsync(team.Id, Ct));
    }

    [Fact]
    public async Task SendTest_AsOwner_ShowsDeliveredAndTheDeliveryLog()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var team = await CreateTeamAsync("payments", owners: "lead@contoso.com");
        await Channels.CreateAsync(team.Id, new AlertChannelInput("ops", AlertChannelKind.Webhook, receiver.Url, Kinds: [AlertKind.BudgetThreshold]), Seeder, Ct);
        SignInAsMember("lead@contoso.com");
        var panel = Render<AlertChannelsPanel>(p => p.Add(x => x.TeamId, team.Id));

        Click(panel, "alert-test-ops");

        panel.WaitForAssertion(() => Assert.Equal("Test delivered", panel.Find("[data-testid='alert-test-result-ops']").TextContent.Trim()));
        Assert.Single(receiver.Received);
        panel.WaitForAssertion(() => Assert.Contains("Test alert from the AI gateway", panel.Find("[data-testid='alert-deliveries-table']").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Render_AsMember_ListsChannelsWithoutControls_AndTheServerRefusesChanges()
    {
        var team = await CreateTeamAsync("payments", owners: "lead@contoso.com");
        await TeamService.AddMemberAsync(team.Id, new TeamMemberInput { UserId = "dev@contoso.com" }, Seeder, Ct);
        await Channels.CreateAsync(team.Id, new AlertChannelInput("finance", AlertChannelKind.Email, Recipients: "finance@contoso.com", Kinds: [AlertKind.BudgetThreshold]), Seeder, Ct);
        SignInAsMember("dev@contoso.com");

        var panel = Render<AlertChannelsPanel>(p => p.Add(x => x.TeamId, team.Id));

        panel.WaitForElement("[data-testid='alert-channel-finance']");
        Assert.Empty(panel.FindAll("[data-testid='add-alert-channel']"));
        Assert.Empty(panel.FindAll("[data-testid='alert-test-finance']"));
        Assert.Empty(panel.FindAll("[data-testid='alert-deliveries-table']"));
        var workspace = Services.GetRequiredService<AlertsWorkspace>();
        await Assert.ThrowsAnyAsync<UnauthorizedAccessException>(() => workspace.SaveAsync(team.Id, null, new AlertChannelInput("mine", AlertChannelKind.Webhook, "https://hooks.example.com/x", Kinds: [AlertKind.Test]), Ct));
        Assert.Single(await Channels.ListAsync(team.Id, Ct));
    }

    [Fact]
    public async Task AlertsPage_ForAdmin_ShowsGlobalChannels_AndForOthersOnlyTheRefusal()
    {
        await Channels.CreateAsync(null, new AlertChannelInput("noc", AlertChannelKind.Slack, "https://hooks.slack.com/services/x", Kinds: [AlertKind.CircuitOpened]), Seeder, Ct);
        SignInAsMember("dev@contoso.com");
        var refused = Render<AlertsPage>();
        refused.WaitForElement("[data-testid='alerts-admin-only']");
        Assert.DoesNotContain("noc", refused.Markup, StringComparison.Ordinal);

        SignInAsAdmin();
        var page = Render<AlertsPage>();

        page.WaitForElement("[data-testid='alert-channel-noc']");
        Assert.Contains("https://hooks.slack.com/***", page.Markup, StringComparison.Ordinal);
        page.WaitForElement("[data-testid='alert-deliveries-table']");
    }
}
