using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Quotas;
using AiGateway.Portal.Demo;
using AiGateway.Portal.Tests.Infrastructure;
using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Portal.Tests.Components.Dashboard;

/// <summary>
/// The request path feeds the live counters and the throttle log: real calls through the demo's gateway and its
/// in-process simulator, then the figures read back from the host's singletons and its dashboard.
/// </summary>
public sealed class LiveFeedsInHostTests : IAsyncLifetime
{
    private const string DemoKey = "agw_DemoKey00001_0123456789abcdefghijABCDEFGHIJ0123456789";
    private readonly PortalFactory _factory = new(demo: true, settings: new Dictionary<string, string?> { ["Demo:ApiKey"] = DemoKey });

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _factory.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Task<HttpResponseMessage> ChatAsync(HttpClient client) =>
        client.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = DemoSeeder.ChatAlias,
            max_tokens = 16,
            messages = new[] { new { role = "user", content = "hello" } },
        }, Ct);

    [Fact]
    public async Task Gateway_ServedAndRefusedRequests_ReachTheDashboardAndTheThrottleLog()
    {
        using var caller = _factory.CreateClient();
        caller.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", DemoKey);
        Assert.Equal(HttpStatusCode.OK, (await ChatAsync(caller)).StatusCode);

        // One request a minute from now on: the next call (once the gateway has reloaded its configuration) is refused.
        Guid policyId;
        await using (var db = _factory.CreateDbContext())
        {
            var policy = await db.QuotaPolicies.SingleAsync(p => p.Scope == QuotaScope.Team, Ct);
            policy.RequestsPerMinute = 1;
            policyId = policy.Id;
            await db.SaveConfigurationChangesAsync("test", Ct);
        }

        var deadline = DateTime.UtcNow.AddSeconds(20);
        HttpStatusCode status;
        do
        {
            status = (await ChatAsync(caller)).StatusCode;
        }
        while (status != HttpStatusCode.TooManyRequests && DateTime.UtcNow < deadline);
        Assert.Equal(HttpStatusCode.TooManyRequests, status);

        var refusal = Assert.Single(_factory.Services.GetRequiredService<ThrottleLog>().Recent());
        Assert.Equal((ThrottleLogKind.QuotaRefusal, QuotaLimitKind.RequestsPerMinute, policyId), (refusal.Kind, refusal.Limit!.Value, refusal.PolicyId!.Value));
        Assert.Equal("demo-key", refusal.KeyName);

        var live = _factory.Services.GetRequiredService<LiveTraffic>().Snapshot(LiveTraffic.Retention);
        var team = Assert.Single(live.Teams);
        Assert.Equal(DemoSeeder.TeamName, team.Name);
        Assert.Equal(1, team.Refused);
        Assert.True(team.Requests >= 2);
        Assert.True(team.Tokens > 0);
        Assert.Equal(team.Requests - 1, live.ProvisionedRequests + live.StandardRequests);
        Assert.NotNull(live.P50LatencyMs);

        using var admin = await _factory.CreateSignedInClientAsync(DemoSeeder.AdminUser, "Admin");
        var dashboard = await admin.GetStringAsync("/", Ct);
        Assert.Contains($"data-team=\"{DemoSeeder.TeamName}\"", dashboard, StringComparison.Ordinal);
    }
}
