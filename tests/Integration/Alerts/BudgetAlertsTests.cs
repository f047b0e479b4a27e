using System.Net;
using System.Text.Json;
using AiGateway.Integration.Infrastructure;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Budgets;
using AiGateway.Shared.Tests.Services.Alerts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Integration.Alerts;

/// <summary>
/// A currency budget end to end: requests over real HTTP through the gateway to the simulator until the one that could
/// pass the budget is refused, and the team told at each threshold by a real webhook receiver and a real SMTP server on
/// loopback, through the product's own alert channels, outbox and dispatcher.
/// </summary>
public sealed class BudgetAlertsTests : GatewayTestBase
{
    private const string Recipient = "finops@contoso.test";
    private static readonly TimeSpan Arrival = TimeSpan.FromSeconds(20);

    private readonly SmtpReceiver _smtp;
    private WebhookReceiver _webhook = null!;

    public BudgetAlertsTests()
        : this(SmtpReceiver.Start())
    {
    }

    private BudgetAlertsTests(SmtpReceiver smtp)
        : base(new Dictionary<string, string?>
        {
            ["Alerts:Smtp:Host"] = "127.0.0.1",
            ["Alerts:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Alerts:Smtp:Security"] = "None",
            ["Alerts:Smtp:From"] = "gateway@contoso.test",
            // Each usage record and refusal is written as it happens, so the budget check reads them at once.
            ["Metering:BatchSize"] = "1",
        })
    {
        _smtp = smtp;
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _webhook = await WebhookReceiver.StartAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _webhook.DisposeAsync();
        await _smtp.DisposeAsync();
    }

    [Fact]
    public async Task CostBudget_RefusesTheRequestThatCouldPassIt_AndTellsTheTeamAtEachThreshold_ByWebhookAndEmail()
    {
        string[] kinds = ["BudgetThreshold"];
        await CreateAsync($"/api/admin/teams/{TeamId}/alert-channels", new { name = "finops hook", kind = "Webhook", url = _webhook.Url, kinds });
        await CreateAsync($"/api/admin/teams/{TeamId}/alert-channels", new { name = "finops mail", kind = "Email", recipients = Recipient, kinds });
        // The chat deployments bill at most 0.0006 per 1K tokens: three answers of 1,000 tokens spend about 0.0018,
        // 90 % of 0.002, and the fourth, estimated at up to 0.0006, could pass it. Default thresholds: 50, 80, 100.
        await CreateAsync("/api/admin/quota-policies", new { scope = "Team", teamId = TeamId, dailyCostBudget = 0.002m });
        await Gateway.ReloadAsync();
        var body = new { model = ChatAlias, max_tokens = 1000, messages = new[] { new { role = "user", content = "hi" } } };

        for (var i = 0; i < 3; i++)
        {
            using var served = await ChatAsync(body: body);
            Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        }

        using var refused = await ChatAsync(body: body);
        var error = await ErrorAsync(refused, HttpStatusCode.Forbidden);
        Assert.Equal("daily_cost_budget_exceeded", error.GetProperty("code").GetString());
        Assert.Equal(3, await Simulator.TotalRequestsAsync());

        await UntilAsync(async db => await db.UsageRecords.CountAsync(Ct) == 3 && await db.ThrottleEvents.CountAsync(Ct) == 1);
        var checker = Gateway.Services.GetRequiredService<BudgetThresholdChecker>();
        await checker.CheckAsync(Ct);
        // A second round, as every replica runs, tells nobody twice.
        await checker.CheckAsync(Ct);

        await using (var db = Gateway.CreateDbContext())
        {
            var notices = await db.BudgetNotices.OrderBy(n => n.Percent).ToListAsync(Ct);
            Assert.Equal([50, 80, 100], notices.Select(n => n.Percent));
            Assert.All(notices, n => Assert.Equal(BudgetMeasure.Cost, n.Measure));
            // Spend stops short of the budget (the fourth request was refused before it spent anything): 100 % is
            // reached by the refusal.
            Assert.InRange(notices[^1].Spent, 0.0017m, 0.0019m);
        }

        var hooks = new List<JsonElement>();
        for (var i = 0; i < 3; i++)
        {
            await _webhook.WaitForNextAsync(Arrival);
        }

        foreach (var received in _webhook.Received)
        {
            using var json = JsonDocument.Parse(received.Body);
            hooks.Add(json.RootElement.Clone());
        }

        Assert.All(hooks, h => Assert.Equal("BudgetThreshold", h.GetProperty("kind").GetString()));
        Assert.All(hooks, h => Assert.Equal(TeamId, h.GetProperty("team").GetProperty("id").GetGuid()));
        Assert.Equal(["100", "50", "80"], hooks.Select(h => h.GetProperty("facts").GetProperty("percent").GetString()).Order(StringComparer.Ordinal));

        await UntilAsync(_ => Task.FromResult(_smtp.Messages.Count >= 3));
        var mails = _smtp.Messages.ToList();
        Assert.Equal(3, mails.Count);
        Assert.All(mails, m => Assert.Equal(Recipient, m.To.Mailboxes.Single().Address));
        Assert.Equal(
            ["100 %", "50 %", "80 %"],
            mails.Select(m => System.Text.RegularExpressions.Regex.Match(m.Subject ?? "", @"\d+ %").Value).Order(StringComparer.Ordinal));
        var usedUp = hooks.Single(h => h.GetProperty("facts").GetProperty("percent").GetString() == "100");
        Assert.Contains("requests that could pass it are being refused", usedUp.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Waits for what the host's background writers and dispatcher do on their own, checking on each turn rather than
    /// after a fixed time; fails after a generous bound.
    /// </summary>
    private async Task UntilAsync(Func<Shared.Data.PortalDbContext, Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Arrival;
        while (true)
        {
            await using (var db = Gateway.CreateDbContext())
            {
                if (await condition(db))
                {
                    return;
                }
            }

            Assert.True(DateTime.UtcNow < deadline, "The host did not get there in time.");
            await Task.Delay(TimeSpan.FromMilliseconds(20), Ct);
        }
    }
}
