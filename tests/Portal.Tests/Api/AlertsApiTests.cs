using System.Net;
using AiGateway.Portal.Tests.Infrastructure;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Alerts;
using AiGateway.Shared.Tests.Services.Alerts;

namespace AiGateway.Portal.Tests.Api;

public sealed class AlertsApiTests : TeamApiTestBase
{
    [Fact]
    public async Task Owner_CreatesTeamChannelAndSendsTest_ReceiverGetsSampleAndLogShowsDelivered()
    {
        var team = await CreateTeamWithPeopleAsync();
        var owner = await SignInAsync(OwnerId);
        await using var receiver = await WebhookReceiver.StartAsync();

        var channel = await (await owner.PostJsonAsync($"/api/admin/teams/{team.Id}/alert-channels", new
        {
            name = "ops",
            kind = "Slack",
            url = receiver.Url,
            kinds = new[] { "BudgetThreshold", "CircuitOpened" },
        })).ReadAsync<AlertChannelView>(HttpStatusCode.Created);
        var test = await (await owner.PostJsonAsync($"/api/admin/teams/{team.Id}/alert-channels/{channel.Id}/test", new { }))
            .ReadAsync<AlertDeliveryView>(HttpStatusCode.OK);
        var log = await (await owner.GetAsync($"/api/admin/alerts/deliveries?teamId={team.Id}")).ReadAsync<List<AlertDeliveryView>>(HttpStatusCode.OK);

        Assert.DoesNotContain("secret-token", channel.Url, StringComparison.Ordinal);
        Assert.EndsWith("/***", channel.Url, StringComparison.Ordinal);
        Assert.Equal([AlertKind.BudgetThreshold, AlertKind.CircuitOpened], channel.Kinds);
        Assert.Equal(AlertDeliveryState.Delivered, test.State);
        Assert.Equal(AlertKind.Test, test.Kind);
        Assert.Contains("Test alert", Assert.Single(receiver.Received).Body, StringComparison.Ordinal);
        Assert.Equal(test.Id, Assert.Single(log).Id);
    }

    [Fact]
    public async Task TestSend_UnreachableWebhook_ReturnsFailedWithReasonAndNoUrl()
    {
        var response = await Admin.PostJsonAsync("/api/admin/alerts/channels", new { name = "dead", kind = "Webhook", url = "http://127.0.0.1:9/hooks/secret-token", kinds = new[] { "UsageDropped" } });
        var channel = await response.ReadAsync<AlertChannelView>(HttpStatusCode.Created);

        var test = await (await Admin.PostJsonAsync($"/api/admin/alerts/channels/{channel.Id}/test", new { })).ReadAsync<AlertDeliveryView>(HttpStatusCode.OK);

        Assert.Equal(AlertDeliveryState.Failed, test.State);
        Assert.StartsWith("The webhook could not be reached", test.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token", test.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_InvalidChannel_Is400WithEveryFieldNamed()
    {
        var team = await CreateTeamAsync();

        var webhook = await (await Admin.PostJsonAsync($"/api/admin/teams/{team.Id}/alert-channels", new { name = "", kind = "Webhook", url = "http://hooks.example.com/x", kinds = Array.Empty<string>() }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        var email = await (await Admin.PostJsonAsync("/api/admin/alerts/channels", new { name = "finance", kind = "Email", recipients = "finance@contoso.com, not-an-address", kinds = new[] { "BudgetThreshold" } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        var noUrl = await (await Admin.PostJsonAsync("/api/admin/alerts/channels", new { name = "teams", kind = "MicrosoftTeams", kinds = new[] { "RolloutBreach" } }))
            .ProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(webhook.FieldErrors("name"));
        Assert.NotEmpty(webhook.FieldErrors("url"));
        Assert.NotEmpty(webhook.FieldErrors("kinds"));
        Assert.Contains("not-an-address", Assert.Single(email.FieldErrors("recipients")), StringComparison.Ordinal);
        Assert.NotEmpty(noUrl.FieldErrors("url"));
    }

    [Fact]
    public async Task Member_ReadsTeamChannelsButCannotChangeThem_OrSeeOtherTeamsOrGlobal()
    {
        var team = await CreateTeamWithPeopleAsync();
        var other = await CreateTeamAsync();
        var owner = await SignInAsync(OwnerId);
        var member = await SignInAsync(MemberId);
        var body = new { name = "ops", kind = "Webhook", url = "https://hooks.example.com/x", kinds = new[] { "BudgetThreshold" } };
        var channel = await (await owner.PostJsonAsync($"/api/admin/teams/{team.Id}/alert-channels", body)).ReadAsync<AlertChannelView>(HttpStatusCode.Created);
        var theirs = await (await Admin.PostJsonAsync($"/api/admin/teams/{other.Id}/alert-channels", body)).ReadAsync<AlertChannelView>(HttpStatusCode.Created);

        var listed = await (await member.GetAsync($"/api/admin/teams/{team.Id}/alert-channels")).ReadAsync<List<AlertChannelView>>(HttpStatusCode.OK);

        Assert.Equal(channel.Id, Assert.Single(listed).Id);
        await (await member.PostJsonAsync($"/api/admin/teams/{team.Id}/alert-channels", body)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await member.PutJsonAsync($"/api/admin/teams/{team.Id}/alert-channels/{channel.Id}", body)).ProblemAsync(HttpStatusCode.Forbidden);
        await (await member.DeleteAsync($"/api/admin/teams/{team.Id}/alert-channels/{channel.Id}")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await member.PostJsonAsync($"/api/admin/teams/{team.Id}/alert-channels/{channel.Id}/test", new { })).ProblemAsync(HttpStatusCode.Forbidden);
        await (await member.GetAsync($"/api/admin/alerts/deliveries?teamId={team.Id}")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await owner.GetAsync($"/api/admin/teams/{other.Id}/alert-channels")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await owner.GetAsync("/api/admin/alerts/channels")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await owner.GetAsync("/api/admin/alerts/deliveries")).ProblemAsync(HttpStatusCode.Forbidden);
        // A channel is reached only through its own scope: another team's id under this team is not found.
        await (await owner.GetAsync($"/api/admin/teams/{team.Id}/alert-channels/{theirs.Id}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_WithoutUrl_KeepsStoredUrl_AndIsAudited()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var channel = await (await Admin.PostJsonAsync("/api/admin/alerts/channels", new { name = "ops", kind = "Webhook", url = receiver.Url, kinds = new[] { "CircuitOpened" } }))
            .ReadAsync<AlertChannelView>(HttpStatusCode.Created);

        var updated = await (await Admin.PutJsonAsync($"/api/admin/alerts/channels/{channel.Id}", new { name = "ops renamed", kind = "Webhook", kinds = new[] { "CircuitOpened", "UsageDropped" }, enabled = false }))
            .ReadAsync<AlertChannelView>(HttpStatusCode.OK);
        var test = await (await Admin.PostJsonAsync($"/api/admin/alerts/channels/{channel.Id}/test", new { })).ReadAsync<AlertDeliveryView>(HttpStatusCode.OK);

        Assert.Equal("ops renamed", updated.Name);
        Assert.False(updated.Enabled);
        Assert.Equal(channel.Url, updated.Url);
        Assert.Equal(AlertDeliveryState.Delivered, test.State);
        await using var db = Factory.CreateDbContext();
        Assert.Contains(db.AuditEvents, e => e.Action == "AlertChannel.Updated");
    }
}
