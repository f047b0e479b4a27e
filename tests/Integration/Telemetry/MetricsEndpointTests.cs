using System.Net;
using System.Net.Http.Headers;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Telemetry;

/// <summary>
/// Known traffic through the gateway, then the real <c>/metrics</c> endpoint scraped over HTTP: names, units, buckets
/// and values as Prometheus sees them. Every host in the test process exports every host's gateway meter (an
/// OpenTelemetry reader hears meters by name), so this test's traffic goes through a team, an alias and backends
/// of its own, and every figure is read by their names.
/// </summary>
public sealed class MetricsEndpointTests() : GatewayTestBase(new Dictionary<string, string?> { ["Telemetry:Prometheus:ScrapeToken"] = ScrapeToken })
{
    private const string ScrapeToken = "integration-scrape-token-0123456789";

    private readonly string _suffix = Guid.NewGuid().ToString("N")[..10];
    private string _team = "";
    private string _alias = "";
    private string _ptuBackend = "";
    private string _paygoBackend = "";
    private Guid _teamId;
    private HttpClient _client = null!;
    private HostCounter _counted = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _team = $"metrics-team-{_suffix}";
        _alias = $"metrics-chat-{_suffix}";
        _ptuBackend = $"metrics-ptu-{_suffix}";
        _paygoBackend = $"metrics-paygo-{_suffix}";
        _teamId = await CreateAsync("/api/admin/teams", new { name = _team });
        var ptu = await CreateDeploymentAsync(await CreateBackendAsync(_ptuBackend, "Provisioned", "swedencentral"), ProvisionedDeployment, "gpt-4o-mini");
        var paygo = await CreateDeploymentAsync(await CreateBackendAsync(_paygoBackend, "Standard", "eastus"), StandardDeployment, "gpt-4o-mini");
        await CreateAsync("/api/admin/aliases", new
        {
            name = _alias,
            targets = new[] { new { deploymentId = ptu, weight = 1 }, new { deploymentId = paygo, weight = 1 } },
        });
        var (_, secret) = await IssueKeyAsync(_teamId);
        await Gateway.ReloadAsync();
        _client = Gateway.CreateGatewayClient(secret);
        _counted = HostCounter.Requests(Gateway.Services);
    }

    public override async ValueTask DisposeAsync()
    {
        _counted.Dispose();
        _client.Dispose();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task ServedRequests_AreScraped_WithTheirCountDurationsBucketsAndTheBackendsOwnTokenCounts()
    {
        for (var i = 0; i < 3; i++)
        {
            using var response = await Chat();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await _counted.WaitForAsync(3);
        var scrape = await ScrapeAsync();

        var alias = ("gen_ai_request_model", _alias);
        Assert.Equal("histogram", scrape.TypeOf("gen_ai_server_request_duration_seconds"));
        Assert.Equal(3, scrape.Sum("gen_ai_server_request_duration_seconds_count", alias));
        Assert.Equal(
            ["0.01", "0.02", "0.04", "0.08", "0.16", "0.32", "0.64", "1.28", "2.56", "5.12", "10.24", "20.48", "40.96", "81.92", "+Inf"],
            scrape.Matching("gen_ai_server_request_duration_seconds_bucket", alias).Select(s => s.Labels["le"]).Distinct());
        var served = Assert.Single(scrape.Matching("gen_ai_server_request_duration_seconds_count", alias));
        Assert.Equal(
            ("chat", "gpt-4o-mini", "azure.ai.openai", _team, ProvisionedDeployment),
            (served.Labels["gen_ai_operation_name"], served.Labels["gen_ai_response_model"], served.Labels["gen_ai_provider_name"], served.Labels["aigw_team"], served.Labels["aigw_deployment"]));
        Assert.False(served.Labels.ContainsKey("error_type"));

        var promptTokens = await Simulator.PromptTokensAsync(ProvisionedDeployment) + await Simulator.PromptTokensAsync(StandardDeployment);
        var completionTokens = await Simulator.CompletionTokensAsync(ProvisionedDeployment) + await Simulator.CompletionTokensAsync(StandardDeployment);
        Assert.True(promptTokens > 0 && completionTokens > 0);
        Assert.Equal("histogram", scrape.TypeOf("gen_ai_client_token_usage"));
        Assert.Equal(promptTokens, scrape.Sum("gen_ai_client_token_usage_sum", alias, ("gen_ai_token_type", "input")));
        Assert.Equal(completionTokens, scrape.Sum("gen_ai_client_token_usage_sum", alias, ("gen_ai_token_type", "output")));
        Assert.Equal(3, scrape.Sum("gen_ai_client_token_usage_count", alias, ("gen_ai_token_type", "input")));
        Assert.Contains(scrape.Matching("gen_ai_client_token_usage_bucket", alias), s => s.Labels["le"] == "67108864");

        Assert.Equal("counter", scrape.TypeOf("aigw_requests_total") ?? scrape.TypeOf("aigw_requests"));
        Assert.Equal(3, scrape.Sum("aigw_requests_total", ("aigw_alias", _alias), ("aigw_team", _team), ("aigw_status_class", "2xx"), ("aigw_outcome", "served")));
        Assert.Equal(3, scrape.Sum("aigw_backend_attempts_total", ("aigw_backend", _ptuBackend), ("aigw_attempt_result", "succeeded")));
        Assert.Equal(0, scrape.Sum("aigw_failovers_total", ("aigw_alias", _alias)));
        Assert.Equal(0, scrape.Sum("aigw_backend_circuit_open", ("aigw_backend", _ptuBackend)));
        Assert.Single(scrape.Matching("aigw_backend_circuit_open", ("aigw_backend", _ptuBackend)));
    }

    [Fact]
    public async Task A500FromTheFirstDeployment_IsOneFailover_AndItsAttemptIsCountedAsFailed()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { errorRate = 1.0, errorStatus = 500 } });

        using var response = await Chat();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(StandardDeployment, Header(response, "x-gateway-deployment"));

        await _counted.WaitForAsync(1);
        var scrape = await ScrapeAsync();
        Assert.Equal(1, scrape.Sum("aigw_failovers_total", ("aigw_alias", _alias)));
        Assert.Equal(1, scrape.Sum("aigw_failovers_total", ("aigw_alias", _alias), ("aigw_failover_reason", "backend_failed")));
        Assert.Equal(1, scrape.Sum("aigw_backend_attempts_total", ("aigw_backend", _ptuBackend), ("aigw_attempt_result", "backend_failed")));
        Assert.Equal(1, scrape.Sum("aigw_backend_attempts_total", ("aigw_backend", _paygoBackend), ("aigw_attempt_result", "succeeded")));
        Assert.Equal(1, scrape.Sum("aigw_requests_total", ("aigw_alias", _alias), ("aigw_outcome", "served")));
    }

    [Fact]
    public async Task RepeatedFailures_OpenTheCircuit_AndTheGaugeSaysSo()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { errorRate = 1.0 } });
        for (var i = 0; i < 3; i++)
        {
            using var response = await Chat();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await _counted.WaitForAsync(3);
        var scrape = await ScrapeAsync();
        Assert.Equal(1, scrape.Sum("aigw_backend_circuit_open", ("aigw_backend", _ptuBackend)));
        Assert.Equal(0, scrape.Sum("aigw_backend_circuit_open", ("aigw_backend", _paygoBackend)));
        Assert.Equal(3, scrape.Sum("aigw_failovers_total", ("aigw_alias", _alias)));
    }

    [Fact]
    public async Task AQuotaRefusal_IsCountedByTeamAndLimit_AndAsTheRequestsOutcome()
    {
        await CreateAsync("/api/admin/quota-policies", new { scope = "Team", teamId = _teamId, requestsPerMinute = 1 });
        await Gateway.ReloadAsync();
        var now = Gateway.Clock.GetUtcNow();
        Gateway.Clock.SetUtcNow(new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(1));

        using var admitted = await Chat();
        using var refused = await Chat();
        Assert.Equal(HttpStatusCode.OK, admitted.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);

        await _counted.WaitForAsync(2);
        var scrape = await ScrapeAsync();
        Assert.Equal(1, scrape.Sum("aigw_quota_refusals_total", ("aigw_team", _team), ("aigw_quota_limit", "requests_per_minute")));
        Assert.Equal(1, scrape.Sum("aigw_requests_total", ("aigw_team", _team), ("aigw_status_class", "4xx"), ("aigw_outcome", "refused_quota")));
        Assert.Equal(1, scrape.Sum("aigw_requests_total", ("aigw_team", _team), ("aigw_outcome", "served")));
        // A refused request never reached a backend: it has no duration among the backends' answers.
        Assert.Equal(1, scrape.Sum("gen_ai_server_request_duration_seconds_count", ("gen_ai_request_model", _alias)));
    }

    [Fact]
    public async Task AScrape_IsNotAGatewayRequest()
    {
        using var scraper = Scraper(ScrapeToken);
        using var response = await scraper.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("x-request-id"));
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("not-the-scrape-token-at-all")]
    public async Task AScrape_WithoutTheToken_Is401(string? token)
    {
        using var scraper = Scraper(token);

        using var response = await scraper.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.DoesNotContain("aigw_", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    private Task<HttpResponseMessage> Chat() => ChatAsync(_client, new
    {
        model = _alias,
        messages = new[] { new { role = "user", content = "Say hello" } },
        max_tokens = 5,
    });

    private async Task<PrometheusScrape> ScrapeAsync()
    {
        using var scraper = Scraper(ScrapeToken);
        using var response = await scraper.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Scrape answered {(int)response.StatusCode}: {text}");
        return PrometheusScrape.Read(text);
    }

    /// <summary>A plain HTTP client on the gateway's port, as Prometheus would scrape it.</summary>
    private HttpClient Scraper(string? token)
    {
        var client = new HttpClient { BaseAddress = Gateway.BaseAddress };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }
}
