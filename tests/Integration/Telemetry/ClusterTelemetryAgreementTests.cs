using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Gateway.Telemetry;
using AiGateway.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static AiGateway.Integration.Infrastructure.PostgresCluster;
using Attr = AiGateway.Gateway.Telemetry.GatewaySpanAttributes;

namespace AiGateway.Integration.Telemetry;

/// <summary>
/// The "done when": a known mix of traffic across two replicas on one PostgreSQL database, then every way an
/// operator can look at it (each replica's metrics and the Prometheus scrape, the spans, the access log lines, the
/// portal's request explorer, throttle explorer and live figures) agrees with the backend's own counts of requests
/// and tokens.
/// </summary>
/// <remarks>
/// The replicas run in one test process, where an OpenTelemetry reader hears every host's gateway meter by name: one
/// replica's scrape therefore holds both replicas' figures (in production each holds its own and Prometheus sums them).
/// What each replica counted itself is read by a listener scoped to that host's meter factory.
/// </remarks>
public sealed class ClusterTelemetryAgreementTests : IAsyncLifetime
{
    private const string Deployment = "chat-agree";
    private const string Alias = "chat";
    private const int ServedPerMinuteOnA = 4;

    private readonly string _team = $"agree-team-{Guid.NewGuid():N}"[..22];
    private readonly string _backend = $"agree-sim-{Guid.NewGuid():N}"[..21];
    private readonly ActivityTraceId _traceId = ActivityTraceId.CreateRandom();
    private readonly LogCapture[] _logs = [new(), new()];
    private PostgresCluster _cluster = null!;
    private SimulatorBackend _simulator = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _simulator = await SimulatorBackend.StartAsync(Deployment);
        _cluster = await PostgresCluster.StartAsync(replicas: 2, replica => services => services.AddSingleton<ILoggerProvider>(_logs[replica]));
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
    public async Task KnownTrafficOnTwoReplicas_MetricsSpansAccessLogAndPortalViews_AgreeWithTheBackendsCounts()
    {
        var (teamId, key) = await _cluster.ConfigureTeamAsync(_simulator, _team, _backend, Deployment, Alias, ServedPerMinuteOnA);
        var (a, b) = (_cluster.Replicas[0], _cluster.Replicas[1]);
        using var trace = new TraceRecorder(_traceId, GatewayActivities.SourceName);
        using var aCounted = HostCounter.Requests(a.Services);
        using var bCounted = HostCounter.Requests(b.Services);
        using var aUsage = HostCounter.UsageWritten(a.Services);
        using var bUsage = HostCounter.UsageWritten(b.Services);
        using var aThrottles = HostCounter.ThrottleEventsWritten(a.Services);
        using var bThrottles = HostCounter.ThrottleEventsWritten(b.Services);

        // Replica A: three answers and a stream use up the team's four requests a minute (counted per replica here);
        // the fifth is refused.
        using var aClient = CallerOf(a, key);
        for (var i = 0; i < 3; i++)
        {
            await ChatAsync(aClient, HttpStatusCode.OK);
        }

        await ChatAsync(aClient, HttpStatusCode.OK, stream: true);
        await ChatAsync(aClient, HttpStatusCode.TooManyRequests);

        // Replica B: two answers, then the backend throttles and the client gets its 429.
        using var bClient = CallerOf(b, key);
        await ChatAsync(bClient, HttpStatusCode.OK);
        await ChatAsync(bClient, HttpStatusCode.OK);
        await _simulator.ConfigureAsync(Deployment, new { faults = new { throttleStormSeconds = 600, throttleRetryAfterMs = 4000 } });
        await ChatAsync(bClient, HttpStatusCode.TooManyRequests);

        // The backend's own count: six answered, one throttled; and the tokens it billed.
        var (served, refused, throttled) = (6, 1, 1);
        Assert.Equal(served + throttled, await _simulator.RequestsAsync(Deployment));
        Assert.Equal(throttled, await _simulator.ThrottledAsync(Deployment));
        var promptTokens = await _simulator.PromptTokensAsync(Deployment);
        var completionTokens = await _simulator.CompletionTokensAsync(Deployment);
        Assert.True(promptTokens > 0 && completionTokens > 0);

        await aCounted.WaitForAsync(5);
        await bCounted.WaitForAsync(3);
        await aUsage.WaitForAsync(4);
        await bUsage.WaitForAsync(3);
        await aThrottles.WaitForAsync(1);
        await bThrottles.WaitForAsync(1);

        // Metrics: what each replica counted, and the scrape's figures by outcome, tokens and backend attempts.
        Assert.Equal((5L, 3L), (aCounted.Count, bCounted.Count));
        var scrape = await ScrapeAsync(a);
        var team = ("aigw_team", _team);
        Assert.Equal(served + refused + throttled, scrape.Sum("aigw_requests_total", team));
        Assert.Equal(served, scrape.Sum("aigw_requests_total", team, ("aigw_outcome", "served")));
        Assert.Equal(refused, scrape.Sum("aigw_requests_total", team, ("aigw_outcome", "refused_quota")));
        Assert.Equal(throttled, scrape.Sum("aigw_requests_total", team, ("aigw_outcome", "throttled")));
        Assert.Equal(refused, scrape.Sum("aigw_quota_refusals_total", team));
        Assert.Equal(promptTokens, scrape.Sum("gen_ai_client_token_usage_sum", team, ("gen_ai_token_type", "input")));
        Assert.Equal(completionTokens, scrape.Sum("gen_ai_client_token_usage_sum", team, ("gen_ai_token_type", "output")));
        var backend = ("aigw_backend", _backend);
        Assert.Equal(served, scrape.Sum("aigw_backend_attempts_total", backend, ("aigw_attempt_result", "succeeded")));
        Assert.Equal(throttled, scrape.Sum("aigw_backend_attempts_total", backend, ("aigw_attempt_result", "throttled")));

        // Spans: one per request on either replica, one per backend attempt, the tokens on the served ones.
        var spans = trace.Stopped.Where(s => s.Source.Name == GatewayActivities.SourceName).ToList();
        var requests = spans.Where(s => s.Kind == ActivityKind.Internal).ToList();
        var attempts = spans.Where(s => s.Kind == ActivityKind.Client).ToList();
        Assert.Equal(served + refused + throttled, requests.Count);
        Assert.Equal(served + throttled, attempts.Count);
        Assert.Equal(promptTokens, requests.Sum(s => (int?)s.GetTagItem(Attr.InputTokens) ?? 0));
        Assert.Equal(completionTokens, requests.Sum(s => (int?)s.GetTagItem(Attr.OutputTokens) ?? 0));
        Assert.Equal([200, 200, 200, 200, 200, 200, 429, 429], requests.Select(s => (int)s.GetTagItem(Attr.HttpResponseStatusCode)!).Order());

        // Access log: a line per request on the replica that answered it, with the same tokens.
        var aLines = AccessLines(0);
        var bLines = AccessLines(1);
        Assert.Equal((5, 3), (aLines.Count, bLines.Count));
        var lines = aLines.Concat(bLines).ToList();
        Assert.Equal(promptTokens, lines.Sum(l => (int?)l.Field("PromptTokens") ?? 0));
        Assert.Equal(completionTokens, lines.Sum(l => (int?)l.Field("CompletionTokens") ?? 0));
        Assert.Equal(requests.Select(s => (string)s.GetTagItem(Attr.RequestId)!).Order(), lines.Select(l => (string)l.Field("RequestId")!).Order());

        // The portal's views, read through either replica, hold the same requests and tokens.
        foreach (var replica in _cluster.Replicas)
        {
            using var admin = replica.CreateAdminClient();
            var stored = Items(await GetAsync(admin, $"/api/admin/requests?teamId={teamId}&hours=1&pageSize=50"));
            Assert.Equal(served + throttled, stored.Count);
            Assert.Equal(promptTokens, stored.Sum(r => r.GetProperty("promptTokens").GetInt64()));
            Assert.Equal(completionTokens, stored.Sum(r => r.GetProperty("completionTokens").GetInt64()));

            var events = Items(await GetAsync(admin, $"/api/admin/throttle-events?teamId={teamId}&hours=1"));
            Assert.Equal(["BackendThrottle", "QuotaRefusal"], events.Select(e => e.GetProperty("kind").GetString()!).Order());

            var live = Assert.Single((await GetAsync(admin, "/api/admin/traffic/live")).GetProperty("teams").EnumerateArray());
            Assert.Equal(
                ((long)(served + refused + throttled), (long)(refused + throttled), (long)refused, 0L, promptTokens + completionTokens),
                (live.GetProperty("requests").GetInt64(), live.GetProperty("throttled").GetInt64(), live.GetProperty("refused").GetInt64(),
                    live.GetProperty("errors").GetInt64(), live.GetProperty("tokens").GetInt64()));
        }
    }

    /// <summary>A caller's client that sends every request in the test's trace, as an instrumented app would.</summary>
    private HttpClient CallerOf(GatewayFactory replica, string key)
    {
        var client = replica.CreateGatewayClient(key);
        client.DefaultRequestHeaders.Add("traceparent", $"00-{_traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        return client;
    }

    private static async Task ChatAsync(HttpClient client, HttpStatusCode expected, bool stream = false)
    {
        using var response = await client.PostAsJsonAsync("/v1/chat/completions", new
        {
            model = Alias,
            max_tokens = 8,
            stream,
            stream_options = stream ? new { include_usage = true } : null,
            messages = new[] { new { role = "user", content = "Name a lighthouse" } },
        }, GatewayFactory.Json, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
    }

    private List<LogEntry> AccessLines(int replica) =>
        [.. _logs[replica].Entries.Where(e => e.Category == AccessLog.CategoryName && Equals(e.Field("Team"), _team))];

    private static async Task<PrometheusScrape> ScrapeAsync(GatewayFactory replica)
    {
        using var client = replica.CreateClient();
        return PrometheusScrape.Read(await client.GetStringAsync(new Uri("/metrics", UriKind.Relative), Ct));
    }
}
