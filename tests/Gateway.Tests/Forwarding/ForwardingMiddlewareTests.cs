using System.Text;
using System.Text.Json;
using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Requests;
using AiGateway.Gateway.Rollouts;
using AiGateway.Gateway.Streaming;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Shared.Model;
using Azure.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace AiGateway.Gateway.Tests.Forwarding;

/// <summary>
/// The forwarding step with YARP replaced by a script: each call of the next step plays one backend's answer to
/// the attempt in flight, as the response transform and YARP's error feature would report it.
/// </summary>
public sealed class ForwardingMiddlewareTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"messages":[{"role":"user","content":"hi"}]}""");

    private readonly FakeTimeProvider _clock = new(DateTimeOffset.Parse("2026-12-01T10:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
    private readonly GatewayOptions _options = new() { MaxAttempts = 3, DefaultThrottleSeconds = 10 };
    private readonly BackendHealthTracker _health;
    private readonly RecordingObserver _observed = new();
    private readonly AliasTargetEntry _ptu = TestTargets.Target(TestTargets.Backend(region: "swedencentral", tier: BackendTier.Provisioned), tier: 1, deploymentName: "ptu");
    private readonly AliasTargetEntry _paygo = TestTargets.Target(TestTargets.Backend(region: "eastus"), tier: 2, deploymentName: "paygo");
    private readonly List<string> _sentTo = [];

    public ForwardingMiddlewareTests() => _health = new BackendHealthTracker(_clock, new TestOptionsMonitor<GatewayOptions>(_options));

    [Fact]
    public async Task FirstDeploymentThrottles_TheNextServes_AndTheThrottledOneRests()
    {
        var context = await ForwardAsync(Answer(429, TimeSpan.FromSeconds(20)), Answer(200));

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal(["ptu", "paygo"], _sentTo);
        Assert.Equal([AttemptResult.Throttled, AttemptResult.Succeeded], _observed.Results);
        Assert.Equal(_clock.GetUtcNow().AddSeconds(20), _health.ThrottledUntil(_ptu.DeploymentId));
        Assert.Equal(AttemptResult.Succeeded, context.Features.Get<GatewayRequestContext>()!.Outcome!.Result);
    }

    [Fact]
    public async Task EveryDeploymentThrottles_ClientGets429WithTheEarliestRecovery()
    {
        var context = await ForwardAsync(Answer(429, TimeSpan.FromSeconds(20)), Answer(429, TimeSpan.FromSeconds(5)));

        Assert.Equal(StatusCodes.Status429TooManyRequests, context.Response.StatusCode);
        Assert.Equal("5", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal("backend_capacity_exceeded", await ErrorCodeAsync(context));
    }

    [Fact]
    public async Task EveryDeploymentUnreachable_ClientGets503()
    {
        var context = await ForwardAsync(NoAnswer(ForwarderError.Request), NoAnswer(ForwarderError.RequestTimedOut));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("no_backend_available", await ErrorCodeAsync(context));
        Assert.Equal([AttemptResult.Unreachable, AttemptResult.Unreachable], _observed.Results);
    }

    [Fact]
    public async Task ClientError_IsTheClientsAnswer_AndNotRetried()
    {
        var context = await ForwardAsync(Answer(400), Answer(200));

        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        Assert.Equal(["ptu"], _sentTo);
        Assert.Equal([AttemptResult.ClientError], _observed.Results);
    }

    [Fact]
    public async Task BackendRefusesTheGatewaysCredential_TheNextDeploymentServes()
    {
        var context = await ForwardAsync(Answer(401), Answer(200));

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal([AttemptResult.BackendFailed, AttemptResult.Succeeded], _observed.Results);
    }

    [Fact]
    public async Task StreamCutAfterBytesReachedTheClient_EndsTheResponseAsFailed_WithoutRetrying()
    {
        var ex = await Assert.ThrowsAsync<BackendStreamInterruptedException>(() => ForwardAsync(Cut(), Answer(200)));

        Assert.Contains(_ptu.Backend.Name, ex.Message, StringComparison.Ordinal);
        Assert.Equal(["ptu"], _sentTo);
        Assert.Equal([AttemptResult.Cut], _observed.Results);
    }

    [Fact]
    public async Task Attempts_StopAtMaxAttempts()
    {
        _options.MaxAttempts = 1;

        var context = await ForwardAsync(Answer(500), Answer(200));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal(["ptu"], _sentTo);
    }

    [Fact]
    public async Task RestingDeployment_IsSkipped()
    {
        _health.ReportThrottled(_ptu.DeploymentId, TimeSpan.FromSeconds(30));

        await ForwardAsync(Answer(200));

        Assert.Equal(["paygo"], _sentTo);
    }

    private static Func<HttpContext, GatewayAttempt, Task> Answer(int status, TimeSpan? retryAfter = null) => (context, attempt) =>
    {
        attempt.Answered(status, retryAfter);
        if (!AttemptClassifier.MayTryAnother(status))
        {
            context.Response.StatusCode = status;
        }

        return Task.CompletedTask;
    };

    private static Func<HttpContext, GatewayAttempt, Task> NoAnswer(ForwarderError error) => (context, _) =>
    {
        context.Features.Set<IForwarderErrorFeature>(new ErrorFeature(error));
        context.Response.StatusCode = StatusCodes.Status502BadGateway;
        return Task.CompletedTask;
    };

    private static Func<HttpContext, GatewayAttempt, Task> Cut() => (context, attempt) =>
    {
        attempt.Answered(200, null);
        attempt.Observer.OnDelivered(10);
        attempt.Observer.Cut = true;
        context.Response.StatusCode = 200;
        return Task.CompletedTask;
    };

    private async Task<HttpContext> ForwardAsync(params Func<HttpContext, GatewayAttempt, Task>[] answers)
    {
        var context = new DefaultHttpContext();
        context.Response.Body = new MemoryStream();
        var gateway = Request();
        context.Features.Set(gateway);
        context.Features.Set<IReverseProxyFeature>(new ProxyFeature([new DestinationState(_ptu.Backend.DestinationId), new DestinationState(_paygo.Backend.DestinationId)]));
        var next = 0;
        var middleware = new ForwardingMiddleware(
            async http =>
            {
                var attempt = gateway.Attempt!;
                _sentTo.Add(attempt.Target.DeploymentName);
                await answers[next++](http, attempt);
            },
            new BackendSelector(_health),
            _health,
            new AttemptClassifier(_clock),
            new AttemptObservers([new BackendHealthObserver(_health), _observed]),
            Shadow(),
            new TestOptionsMonitor<GatewayOptions>(_options),
            _clock,
            NullLogger<ForwardingMiddleware>.Instance);

        await middleware.InvokeAsync(context);
        return context;
    }

    private GatewayRequestContext Request()
    {
        var gateway = new GatewayRequestContext("req-1", GatewaySnapshot.Empty, GatewaySurface.AzureClassic, GatewayOperation.ChatCompletions, _clock.GetTimestamp(), _clock.GetUtcNow());
        gateway.Authenticated(new GatewayCaller(new TeamEntry(Guid.NewGuid(), "alpha", true, PriorityClass.Normal, null, AliasScope.All, null), null, null));
        Assert.True(RequestInspector.TryInspect(Body, GatewayOperation.ChatCompletions, out var inspected, out _));
        gateway.BodyRead(new ClientRequest(Body, inspected!));
        gateway.AliasResolved(TestTargets.Alias(_ptu, _paygo));
        gateway.Planned(new ForwardPlan(Body, false, null));
        return gateway;
    }

    private ShadowTraffic Shadow() => new(
        new NoHttpClients(),
        new BackendRequestFactory(new SelfAddress(new NoServer()), new BackendTokenCache(new NoCredentials(), _clock)),
        new AttemptClassifier(_clock),
        new AttemptObservers([]),
        new TestOptionsMonitor<GatewayOptions>(_options),
        _clock,
        NullLogger<ShadowTraffic>.Instance);

    private static async Task<string?> ErrorCodeAsync(HttpContext context)
    {
        context.Response.Body.Position = 0;
        using var json = await JsonDocument.ParseAsync(context.Response.Body, cancellationToken: TestContext.Current.CancellationToken);
        return json.RootElement.GetProperty("error").GetProperty("code").GetString();
    }

    private sealed class RecordingObserver : IAttemptObserver
    {
        public List<AttemptResult> Results { get; } = [];

        public void OnAttemptEnded(GatewayRequestContext gateway, AttemptOutcome outcome) => Results.Add(outcome.Result);
    }

    private sealed class ErrorFeature(ForwarderError error) : IForwarderErrorFeature
    {
        public ForwarderError Error { get; } = error;
        public Exception? Exception => null;
    }

    private sealed class ProxyFeature(IReadOnlyList<DestinationState> destinations) : IReverseProxyFeature
    {
        public RouteModel Route => throw new NotSupportedException();
        public ClusterModel Cluster { get; set; } = null!;
        public IReadOnlyList<DestinationState> AllDestinations { get; } = destinations;
        public IReadOnlyList<DestinationState> AvailableDestinations { get; set; } = destinations;
        public DestinationState? ProxiedDestination { get; set; }
    }

    private sealed class NoHttpClients : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => throw new NotSupportedException("No shadow copy is expected in these tests.");
    }

    private sealed class NoCredentials : IBackendCredentialFactory
    {
        public TokenCredential Create(string? clientId) => throw new NotSupportedException();
    }

    private sealed class NoServer : IServer
    {
        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
