using System.Net;
using System.Net.Http.Json;
using AiGateway.Integration.Infrastructure;
using static AiGateway.Integration.Infrastructure.PostgresCluster;

namespace AiGateway.Integration.Gateway;

/// <summary>
/// Two gateway replicas on one PostgreSQL database (started by test.sh): each sees different traffic, one a quota
/// refusal and the other a backend throttle, yet the request explorer, the throttling explorer and the live figures
/// read through either replica's management API show all of it, and still do after a replica restarts.
/// </summary>
public sealed class ClusterViewsTests : IAsyncLifetime
{
    private PostgresCluster _cluster = null!;
    private SimulatorBackend _simulator = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _cluster = await PostgresCluster.StartAsync(replicas: 2);
        _simulator = await SimulatorBackend.StartAsync("chat-a");
    }

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }

        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }
    }

    [Fact]
    public async Task Views_TrafficThroughTwoReplicas_EitherReplicaShowsAllOfIt_AndARestartedOneToo()
    {
        var (teamId, key) = await _cluster.ConfigureTeamAsync(_simulator, "Northwind", "sim", "chat-a", "chat", requestsPerMinute: 1);
        var (a, b) = (_cluster.Replicas[0], _cluster.Replicas[1]);
        using var aUsage = HostCounter.UsageWritten(a.Services);
        using var aThrottles = HostCounter.ThrottleEventsWritten(a.Services);
        using var bUsage = HostCounter.UsageWritten(b.Services);
        using var bThrottles = HostCounter.ThrottleEventsWritten(b.Services);

        // Replica A: one request served, then the team's one request a minute (counted per replica here) is used up.
        using var aClient = a.CreateGatewayClient(key);
        var servedId = await ChatAsync(aClient, HttpStatusCode.OK);
        var refusedId = await ChatAsync(aClient, HttpStatusCode.TooManyRequests);

        // Replica B: the only deployment throttles, so the client gets the backend's 429.
        await _simulator.ConfigureAsync("chat-a", new { faults = new { throttleStormSeconds = 600, throttleRetryAfterMs = 4000 } });
        using var bClient = b.CreateGatewayClient(key);
        var throttledId = await ChatAsync(bClient, HttpStatusCode.TooManyRequests);

        await aUsage.WaitForAsync(1);
        await aThrottles.WaitForAsync(1);
        await bUsage.WaitForAsync(1);
        await bThrottles.WaitForAsync(1);

        foreach (var replica in _cluster.Replicas)
        {
            await AssertSeesEverythingAsync(replica, teamId, servedId, refusedId, throttledId);
        }

        // A restart empties a replica's memory, not the database: a new replica on the same database shows the same.
        await a.StopAsync();
        var restarted = _cluster.StartReplica();
        await AssertSeesEverythingAsync(restarted, teamId, servedId, refusedId, throttledId);
    }

    private static async Task AssertSeesEverythingAsync(GatewayFactory replica, Guid teamId, string servedId, string refusedId, string throttledId)
    {
        using var admin = replica.CreateAdminClient();

        var requests = await GetAsync(admin, $"/api/admin/requests?teamId={teamId}&hours=1");
        Assert.Equal(
            [(servedId, 200), (throttledId, 429)],
            Items(requests).Select(r => (r.GetProperty("requestId").GetString()!, r.GetProperty("statusCode").GetInt32())).OrderBy(r => r.Item2));

        var events = Items(await GetAsync(admin, $"/api/admin/throttle-events?teamId={teamId}&hours=1"));
        Assert.Equal(
            [(refusedId, "QuotaRefusal"), (throttledId, "BackendThrottle")],
            events.Select(e => (e.GetProperty("requestId").GetString()!, e.GetProperty("kind").GetString()!)).OrderByDescending(e => e.Item2));
        var throttle = events.Single(e => e.GetProperty("kind").GetString() == "BackendThrottle");
        Assert.Equal(("chat-a", "sim"), (throttle.GetProperty("deploymentName").GetString(), throttle.GetProperty("backendName").GetString()));
        var refusal = events.Single(e => e.GetProperty("kind").GetString() == "QuotaRefusal");
        Assert.Equal("RequestsPerMinute", refusal.GetProperty("quotaLimit").GetString());

        // The dashboard's figures: two stored requests and one refusal; both 429s are throttles, one of them the quota's.
        var live = await GetAsync(admin, "/api/admin/traffic/live");
        var team = Assert.Single(live.GetProperty("teams").EnumerateArray());
        Assert.Equal((3L, 2L, 1L, 0L), (team.GetProperty("requests").GetInt64(), team.GetProperty("throttled").GetInt64(), team.GetProperty("refused").GetInt64(), team.GetProperty("errors").GetInt64()));
        Assert.True(team.GetProperty("tokens").GetInt64() > 0);
        var backend = Assert.Single(live.GetProperty("backends").EnumerateArray());
        Assert.Equal(("sim", 2L), (backend.GetProperty("name").GetString(), backend.GetProperty("requests").GetInt64()));
    }

    private static async Task<string> ChatAsync(HttpClient client, HttpStatusCode expected)
    {
        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = "chat",
            max_tokens = 8,
            messages = new[] { new { role = "user", content = "hi" } },
        }, Ct);
        Assert.Equal(expected, response.StatusCode);
        return response.Headers.GetValues("x-request-id").Single();
    }
}
