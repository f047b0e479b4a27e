using System.Text.Json;
using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Alerts;
using AiGateway.Shared.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Shared.Tests.Services.Alerts;

/// <summary>Alerts from notice to receiver: a real webhook endpoint and a real SMTP server on loopback, a real database, a fake clock.</summary>
public sealed class AlertDeliveryTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(SampleData.Now);
    private readonly IDataProtectionProvider _keys = new EphemeralDataProtectionProvider();
    private TestDatabase _database = null!;
    private Team _team = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _database.Clock = _clock;
        _team = await AlertHost.AddTeamAsync(_database, "Contoso Retail");
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Dispatch_WebhookFailsTwice_RetriesWithExponentialBackoffThenDelivers()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 2);
        await using var host = Host(("Alerts:RetryBaseDelay", "00:00:10"), ("Alerts:MaxAttempts", "5"));
        await host.Channels.CreateAsync(_team.Id, Webhook("ops hook", receiver.Url, AlertKind.BudgetThreshold), "owner");
        await host.Outbox.StoreAsync(Budget());

        Assert.Equal(1, await host.Dispatcher.DispatchDueAsync());
        Assert.Equal(0, await host.Dispatcher.DispatchDueAsync());
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, await host.Dispatcher.DispatchDueAsync());
        _clock.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(0, await host.Dispatcher.DispatchDueAsync());
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await host.Dispatcher.DispatchDueAsync());

        var delivery = Assert.Single(await host.Channels.ListDeliveriesAsync(_team.Id));
        Assert.Equal(AlertDeliveryState.Delivered, delivery.State);
        Assert.Equal(3, delivery.Attempts);
        Assert.Null(delivery.LastError);
        Assert.Equal(3, receiver.Received.Count);
        var json = JsonDocument.Parse(receiver.Received.Last().Body).RootElement;
        Assert.Equal("BudgetThreshold", json.GetProperty("kind").GetString());
        Assert.Equal("Budget at 80 %", json.GetProperty("title").GetString());
        Assert.Equal("Contoso Retail", json.GetProperty("team").GetProperty("name").GetString());
        Assert.Equal(_team.Id, json.GetProperty("team").GetProperty("id").GetGuid());
        Assert.Equal("80 %", json.GetProperty("facts").GetProperty("Threshold").GetString());
        Assert.Equal(delivery.EventId, json.GetProperty("eventId").GetGuid());
    }

    [Fact]
    public async Task Dispatch_WebhookKeepsFailing_MarksFailedAfterMaxAttemptsWithShortError()
    {
        await using var receiver = await WebhookReceiver.StartAsync(failFirst: 100);
        await using var host = Host(("Alerts:RetryBaseDelay", "00:00:01"), ("Alerts:MaxAttempts", "2"));
        await host.Channels.CreateAsync(_team.Id, Webhook("ops hook", receiver.Url, AlertKind.BudgetThreshold), "owner");
        await host.Outbox.StoreAsync(Budget());

        await host.Dispatcher.DispatchDueAsync();
        _clock.Advance(TimeSpan.FromSeconds(1));
        await host.Dispatcher.DispatchDueAsync();
        _clock.Advance(TimeSpan.FromHours(1));
        Assert.Equal(0, await host.Dispatcher.DispatchDueAsync());

        var delivery = Assert.Single(await host.Channels.ListDeliveriesAsync(_team.Id));
        Assert.Equal(AlertDeliveryState.Failed, delivery.State);
        Assert.Equal(2, delivery.Attempts);
        Assert.Equal("The webhook answered HTTP 500.", delivery.LastError);
        Assert.Equal(2, receiver.Received.Count);
    }

    [Fact]
    public async Task Dispatch_TeamsAndSlackChannels_PostAdaptiveCardAndBlocks()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = Host();
        await host.Channels.CreateAsync(_team.Id, Webhook("teams", receiver.Url + "/teams", AlertKind.BudgetThreshold) with { Kind = AlertChannelKind.MicrosoftTeams }, "owner");
        await host.Channels.CreateAsync(_team.Id, Webhook("slack", receiver.Url + "/slack", AlertKind.BudgetThreshold) with { Kind = AlertChannelKind.Slack }, "owner");
        await host.Outbox.StoreAsync(Budget());

        Assert.Equal(2, await host.Dispatcher.DispatchDueAsync());

        var teams = JsonDocument.Parse(receiver.Received.Single(r => r.Path.EndsWith("/teams", StringComparison.Ordinal)).Body).RootElement;
        Assert.Equal("message", teams.GetProperty("type").GetString());
        var attachment = Assert.Single(teams.GetProperty("attachments").EnumerateArray());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        var body = card.GetProperty("body").EnumerateArray().ToList();
        Assert.Equal("Budget at 80 %", body[0].GetProperty("text").GetString());
        var facts = body.Single(b => b.GetProperty("type").GetString() == "FactSet").GetProperty("facts").EnumerateArray()
            .ToDictionary(f => f.GetProperty("title").GetString()!, f => f.GetProperty("value").GetString());
        Assert.Equal("Contoso Retail", facts["Team"]);
        Assert.Equal("80 %", facts["Threshold"]);

        var slack = JsonDocument.Parse(receiver.Received.Single(r => r.Path.EndsWith("/slack", StringComparison.Ordinal)).Body).RootElement;
        Assert.StartsWith("Budget at 80 %", slack.GetProperty("text").GetString(), StringComparison.Ordinal);
        var blocks = slack.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal("header", blocks[0].GetProperty("type").GetString());
        Assert.Equal("Budget at 80 %", blocks[0].GetProperty("text").GetProperty("text").GetString());
        Assert.Contains(blocks, b => b.TryGetProperty("fields", out var fields) && fields.EnumerateArray().Any(f => f.GetProperty("text").GetString() == "*Threshold*\n80 %"));
    }

    [Fact]
    public async Task Dispatch_WithSigningSecret_SignsTimestampAndBody()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var host = Host(("Alerts:WebhookSigningSecret", "s3cret"));
        await host.Channels.CreateAsync(_team.Id, Webhook("signed", receiver.Url, AlertKind.BudgetThreshold), "owner");
        await host.Outbox.StoreAsync(Budget());

        await host.Dispatcher.DispatchDueAsync();

        var received = Assert.Single(receiver.Received);
        var timestamp = received.Headers[WebhookAlertSender.TimestampHeader];
        Assert.Equal(_clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture), timestamp);
        Assert.Equal(WebhookAlertSender.Sign("s3cret", timestamp, received.Body), received.Headers[WebhookAlertSender.SignatureHeader]);
    }

    [Fact]
    public async Task Dispatch_EmailChannel_ReachesSmtpServer()
    {
        await using var smtp = SmtpReceiver.Start();
        await using var host = Host(
            ("Alerts:Smtp:Host", "127.0.0.1"), ("Alerts:Smtp:Port", smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Alerts:Smtp:Security", "None"), ("Alerts:Smtp:From", "gateway@contoso.com"));
        await host.Channels.CreateAsync(_team.Id, new AlertChannelInput("finance", AlertChannelKind.Email, Recipients: "finance@contoso.com, ops@contoso.com", Kinds: [AlertKind.BudgetThreshold]), "owner");
        await host.Outbox.StoreAsync(Budget());

        Assert.Equal(1, await host.Dispatcher.DispatchDueAsync());

        var mail = Assert.Single(smtp.Messages);
        Assert.Equal("[AI Gateway] Budget at 80 %", mail.Subject);
        Assert.Equal(["finance@contoso.com", "ops@contoso.com"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal("gateway@contoso.com", mail.From.Mailboxes.Single().Address);
        Assert.Contains("Threshold: 80 %", mail.TextBody, StringComparison.Ordinal);
        Assert.Contains("Team: Contoso Retail", mail.TextBody, StringComparison.Ordinal);
        Assert.Equal(AlertDeliveryState.Delivered, Assert.Single(await host.Channels.ListDeliveriesAsync(_team.Id)).State);
    }

    [Fact]
    public async Task StoreAndDispatch_TwoReplicasOnOneDatabase_DeliverEachNoticeOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var first = Host();
        await using var second = Host();
        await first.Channels.CreateAsync(_team.Id, Webhook("ops hook", receiver.Url, AlertKind.BudgetThreshold), "owner");

        var stored = await Task.WhenAll(first.Outbox.StoreAsync(Budget()), second.Outbox.StoreAsync(Budget()));
        Assert.Single(stored, e => e is not null);
        Assert.Null(await second.Outbox.StoreAsync(Budget()));

        var attempts = await Task.WhenAll(first.Dispatcher.DispatchDueAsync(), second.Dispatcher.DispatchDueAsync());

        Assert.Equal(1, attempts.Sum());
        Assert.Single(receiver.Received);
        await using var db = _database.CreateDbContext();
        Assert.Equal(1, await db.AlertEvents.CountAsync());
    }

    [Fact]
    public async Task Store_NoticeForATeam_GoesToThatTeamsAndGlobalChannelsThatHearIt()
    {
        await using var host = Host();
        var other = await AlertHost.AddTeamAsync(_database, "Fabrikam");
        const string url = "https://hooks.example.com/x";
        var own = await host.Channels.CreateAsync(_team.Id, Webhook("own", url, AlertKind.BudgetThreshold), "owner");
        var global = await host.Channels.CreateAsync(null, Webhook("global", url, AlertKind.BudgetThreshold, AlertKind.CircuitOpened), "admin");
        await host.Channels.CreateAsync(null, Webhook("global circuits", url, AlertKind.CircuitOpened), "admin");
        await host.Channels.CreateAsync(other.Id, Webhook("other team", url, AlertKind.BudgetThreshold), "owner");
        await host.Channels.CreateAsync(_team.Id, Webhook("disabled", url, AlertKind.BudgetThreshold) with { Enabled = false }, "owner");

        var stored = await host.Outbox.StoreAsync(Budget());

        Assert.Equal(new[] { own.Id, global.Id }.Order(), stored!.Deliveries.Select(d => d.ChannelId).Order());
    }

    [Fact]
    public async Task Create_WebhookUrl_StoredEncryptedAndShownMasked()
    {
        await using var host = Host();
        var channel = await host.Channels.CreateAsync(_team.Id, Webhook("slack", "https://hooks.slack.com/services/T000/B000/secret-token-123", AlertKind.BudgetThreshold), "owner");

        Assert.Equal("https://hooks.slack.com/***", channel.Url);
        await using var db = _database.CreateDbContext();
        var row = await db.AlertChannels.AsNoTracking().SingleAsync(c => c.Id == channel.Id);
        Assert.DoesNotContain("secret-token-123", row.ProtectedUrl, StringComparison.Ordinal);
        Assert.DoesNotContain("hooks.slack.com/services", row.ProtectedUrl, StringComparison.Ordinal);
        var audit = await db.AuditEvents.AsNoTracking().Where(a => a.EntityId == channel.Id.ToString()).ToListAsync();
        Assert.DoesNotContain(audit, a => (a.After ?? "").Contains("secret-token-123", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("http://hooks.example.com/x", "url")]
    [InlineData("ftp://hooks.example.com/x", "url")]
    [InlineData("https://user:pw@hooks.example.com/x", "url")]
    public async Task Create_UnsafeWebhookUrl_IsRefused(string url, string field)
    {
        await using var host = Host();

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => host.Channels.CreateAsync(_team.Id, Webhook("hook", url, AlertKind.BudgetThreshold), "owner"));

        Assert.Contains(field, refused.Errors.Keys);
    }

    [Fact]
    public async Task Create_PlainHttpWhenAllowed_IsAccepted()
    {
        await using var host = Host(("Alerts:AllowHttpWebhooks", "true"));

        var channel = await host.Channels.CreateAsync(_team.Id, Webhook("hook", "http://hooks.internal/x", AlertKind.BudgetThreshold), "owner");

        Assert.Equal("http://hooks.internal/***", channel.Url);
    }

    [Fact]
    public void Publish_QueueFull_DropsAndCountsWithoutThrowingOrBlocking()
    {
        var publisher = new QueuedAlertPublisher(Options.Create(new AlertsOptions { QueueCapacity = 2 }), NullLogger<QueuedAlertPublisher>.Instance);

        for (var i = 0; i < 5; i++)
        {
            publisher.Publish(Budget());
        }

        Assert.Equal(3, publisher.Dropped);
    }

    private AlertHost Host(params (string Key, string Value)[] settings) =>
        new(_database, _clock, _keys, settings.ToDictionary(s => s.Key, s => (string?)s.Value));

    private AlertNotice Budget() => new(AlertKind.BudgetThreshold, "Budget at 80 %", "Contoso Retail spent 80 % of its monthly budget.", _clock.GetUtcNow(), _team.Id, $"budget:{_team.Id}:80")
    {
        Facts = new Dictionary<string, string> { ["Threshold"] = "80 %", ["Spent"] = "80.00" },
    };

    private static AlertChannelInput Webhook(string name, string url, params AlertKind[] kinds) => new(name, AlertChannelKind.Webhook, url, Kinds: kinds);
}
