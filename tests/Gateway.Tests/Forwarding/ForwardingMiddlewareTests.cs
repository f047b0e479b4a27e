using System.Diagnostics;
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
using AiGateway.Gateway.Telemetry;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Gateway.Tests.Telemetry;
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
    private AliasEntry _alias;
    private GatewayOperation _operation = GatewayOperation.ChatCompletions;
    private bool _clientLeft;
    private byte[] _body = Body;
    private bool _ownedByPaygo;

    public ForwardingMiddlewareTests()
    {
        _health = new BackendHealthTracker(_clock, new TestOptionsMonitor<GatewayOptions>(_options));
        _alias = TestTargets.Alias(_ptu, _paygo);
    }

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
    public async Task EveryDeploymentUnreachableOrSilent_ClientGets503()
    {
        var context = await ForwardAsync(NoAnswer(ForwarderError.Request), NoAnswer(ForwarderError.RequestTimedOut));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("no_backend_available", await ErrorCodeAsync(context));
        Assert.Equal([AttemptResult.Unreachable, AttemptResult.TimedOut], _observed.Results);
    }

    [Theory]
    [InlineData(ForwarderError.RequestCanceled)]
    [InlineData(ForwarderError.Request)]
    public async Task ClientLeftBeforeAnyAnswer_TheAttemptIsAbandoned_NotRetried_NorHeldAgainstTheBackend(ForwarderError reported)
    {
        _clientLeft = true;
        for (var i = 0; i < 5; i++)
        {
            _sentTo.Clear();
            var context = await ForwardAsync(NoAnswer(reported), Answer(200));

            var outcome = context.Features.Get<GatewayRequestContext>()!.Outcome!;
            Assert.Equal(AttemptResult.Abandoned, outcome.Result);
            Assert.Equal(499, outcome.FigureStatus);
            Assert.Equal(_ptu.DeploymentId, outcome.Target.DeploymentId);
            Assert.Equal(["ptu"], _sentTo);
        }

        // Five silent failures would have opened the backend's circuit; a client's leaving is no failure of the backend.
        Assert.Null(_health.CircuitOpenUntil(_ptu.Backend.Id));
    }

    [Fact]
    public async Task ForwarderThrows_TheAttemptStillEnds_SoTheRequestIsRecordedWhereItWasSent()
    {
        var gateway = (GatewayRequestContext?)null;
        var exception = await Assert.ThrowsAsync<InvalidOperationException>(() => ForwardAsync((context, _) =>
        {
            gateway = context.Features.Get<GatewayRequestContext>();
            throw new InvalidOperationException("transport fault");
        }));

        Assert.Equal("transport fault", exception.Message);
        var outcome = gateway!.Outcome!;
        Assert.Equal(AttemptResult.Unreachable, outcome.Result);
        Assert.Equal(502, outcome.FigureStatus);
        Assert.Equal(_ptu.DeploymentId, outcome.Target.DeploymentId);
        Assert.Equal(gateway.Attempt!.Number, outcome.Number);
        Assert.Empty(_observed.Results);
    }

    [Fact]
    public async Task EveryBackendFailing_ClientGets503WithRetryAfter_NotAThrottle()
    {
        var context = await ForwardAsync(Answer(500), Answer(502));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal("no_backend_available", await ErrorCodeAsync(context));
    }

    [Fact]
    public async Task EveryCircuitOpen_ClientGets503WithTheEarliestRecovery()
    {
        for (var i = 0; i < _options.CircuitFailureThreshold; i++)
        {
            _health.ReportFailure(_ptu.Backend.Id);
            _health.ReportFailure(_paygo.Backend.Id);
        }

        _clock.Advance(TimeSpan.FromSeconds(10));

        var context = await ForwardAsync();

        Assert.Empty(_sentTo);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal(((int)_options.CircuitBreakSeconds - 10).ToString(System.Globalization.CultureInfo.InvariantCulture), context.Response.Headers.RetryAfter.ToString());
        Assert.Contains("circuit open", await ErrorMessageAsync(context), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OneThrottledOneFailing_TheSoonerRecoveryDecides_AndTheMessageNamesBoth()
    {
        var context = await ForwardAsync(Answer(429, TimeSpan.FromSeconds(20)), Answer(500));

        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        var message = await ErrorMessageAsync(context);
        Assert.Contains("rate limit", message, StringComparison.Ordinal);
        Assert.Contains("failing", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FirstByteDeadlinePassed_TheAttemptTimedOut_CountsAsAFailure_AndTheNextDeploymentServes()
    {
        _options.CircuitFailureThreshold = 1;

        var context = await ForwardAsync(NoAnswer(ForwarderError.Request, new TimeoutException("no headers")), Answer(200));

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal([AttemptResult.TimedOut, AttemptResult.Succeeded], _observed.Results);
        Assert.NotNull(_health.CircuitOpenUntil(_ptu.Backend.Id));
    }

    [Theory]
    [InlineData(null, 30)]
    [InlineData(5.0, 5)]
    [InlineData(200.0, 30)]
    public async Task FirstByteDeadline_IsTheAliasesOrTheGatewaysHeldToHalfTheRetryBudget(double? aliasSeconds, double expected)
    {
        _options.FirstByteTimeoutSeconds = 45;
        _options.RetryBudgetSeconds = 60;
        _alias = _alias with { FirstByteTimeout = aliasSeconds is { } s ? TimeSpan.FromSeconds(s) : null };
        var deadlines = new List<TimeSpan>();

        await ForwardAsync((context, attempt) =>
        {
            deadlines.Add(attempt.FirstByteDeadline);
            return Answer(200)(context, attempt);
        });

        Assert.Equal([TimeSpan.FromSeconds(expected)], deadlines);
    }

    [Theory]
    [InlineData("previous_response_id", "resp_1")]
    [InlineData("conversation", "conv_1")]
    public async Task RequestNamingAStoredObject_IsNotSentToAnotherDeployment(string property, string value)
    {
        _operation = GatewayOperation.Responses;
        _body = Encoding.UTF8.GetBytes($$"""{"input":"and then?","{{property}}":"{{value}}"}""");

        var context = await ForwardAsync(Answer(500), Answer(200));

        Assert.Equal(["ptu"], _sentTo);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Contains("stored response or conversation", await ErrorMessageAsync(context), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OwnedStoredObject_GoesToItsOwner_NotToTheFirstChoice()
    {
        OwnedByPaygo();

        var context = await ForwardAsync(Answer(200), Answer(200));

        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal(["paygo"], _sentTo);
    }

    [Fact]
    public async Task OwnerThrottles_ClientGetsItsRetryAfter_AndNoOtherDeploymentIsTried()
    {
        OwnedByPaygo();

        var context = await ForwardAsync(Answer(429, TimeSpan.FromSeconds(7)), Answer(200));

        Assert.Equal(["paygo"], _sentTo);
        Assert.Equal(StatusCodes.Status429TooManyRequests, context.Response.StatusCode);
        Assert.Equal("7", context.Response.Headers.RetryAfter.ToString());
        Assert.Equal("7000", context.Response.Headers["retry-after-ms"].ToString());
    }

    [Fact]
    public async Task OwnerFails_ClientGets503OwnerUnavailable_AndNoOtherDeploymentIsTried()
    {
        OwnedByPaygo();

        var context = await ForwardAsync(Answer(500), Answer(200));

        Assert.Equal(["paygo"], _sentTo);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("owner_unavailable", await ErrorCodeAsync(context));
        Assert.NotEqual("", context.Response.Headers.RetryAfter.ToString());
    }

    [Fact]
    public async Task OwnersCircuitIsOpen_ClientGets503OwnerUnavailable_WithoutAnyAttempt()
    {
        OwnedByPaygo();
        for (var i = 0; i < 10; i++)
        {
            _health.ReportFailure(_paygo.Backend.Id);
        }

        var context = await ForwardAsync(Answer(200));

        Assert.Empty(_sentTo);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal("owner_unavailable", await ErrorCodeAsync(context));
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

    [Theory]
    [InlineData(ForwarderError.RequestCanceled, false)]
    [InlineData(ForwarderError.RequestBodyCanceled, false)]
    [InlineData(ForwarderError.Request, true)]
    public async Task ClientGoneBeforeTheBackendAnswered_NotCountedAgainstTheBackend_AndNotTriedElsewhere(ForwarderError error, bool connectionClosed)
    {
        _options.CircuitFailureThreshold = 1;

        await ForwardAsync(ClientLeaves(error, connectionClosed), Answer(200));

        Assert.Equal(["ptu"], _sentTo);
        Assert.Equal([AttemptResult.Abandoned], _observed.Results);
        Assert.Null(_health.CircuitOpenUntil(_ptu.Backend.Id));
    }

    [Fact]
    public async Task ClientConnected_AnUnansweredAttempt_StillCountsAgainstTheBackend()
    {
        _options.CircuitFailureThreshold = 1;

        await ForwardAsync(NoAnswer(ForwarderError.Request), Answer(200));

        Assert.NotNull(_health.CircuitOpenUntil(_ptu.Backend.Id));
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

    [Fact]
    public async Task EachAttempt_IsAClientSpanUnderTheRequestsSpan_WithItsResult_AndTheForwarderRunsInsideIt()
    {
        using var request = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();
        using var spans = new SpanRecorder(request.TraceId, GatewayActivities.SourceName);
        var current = new List<Activity?>();

        await ForwardAsync(
            (context, attempt) =>
            {
                current.Add(Activity.Current);
                return Answer(429, TimeSpan.FromSeconds(20))(context, attempt);
            },
            (context, attempt) =>
            {
                current.Add(Activity.Current);
                return Answer(200)(context, attempt);
            });

        var attempts = spans.Stopped;
        Assert.Equal(2, attempts.Count);
        Assert.All(attempts, span =>
        {
            Assert.Equal(ActivityKind.Client, span.Kind);
            Assert.Equal(request.SpanId, span.ParentSpanId);
        });
        // YARP's forwarder (and the HTTP client's span under it) runs while the attempt's span is current.
        Assert.Same(attempts[0], current[0]);
        Assert.Same(attempts[1], current[1]);

        var (throttled, served) = (attempts[0], attempts[1]);
        Assert.Equal("attempt ptu", throttled.DisplayName);
        Assert.Equal("ptu", throttled.Tag(GatewaySpanAttributes.Deployment));
        Assert.Equal(_ptu.Backend.Name, throttled.Tag(GatewaySpanAttributes.Backend));
        Assert.Equal(1, throttled.Tag(GatewaySpanAttributes.AttemptNumber));
        Assert.Equal("throttled", throttled.Tag(GatewaySpanAttributes.AttemptResult));
        Assert.Equal(429, throttled.Tag(GatewaySpanAttributes.HttpResponseStatusCode));
        Assert.Equal("429", throttled.Tag(GatewaySpanAttributes.ErrorType));
        Assert.Equal(ActivityStatusCode.Error, throttled.Status);
        Assert.Null(throttled.Tag(GatewaySpanAttributes.RetryReason));
        Assert.Equal("aoai.example.com", throttled.Tag(GatewaySpanAttributes.ServerAddress));
        Assert.Equal("azure.ai.openai", throttled.Tag(GatewaySpanAttributes.ProviderName));

        Assert.Equal("attempt paygo", served.DisplayName);
        Assert.Equal(2, served.Tag(GatewaySpanAttributes.AttemptNumber));
        Assert.Equal("succeeded", served.Tag(GatewaySpanAttributes.AttemptResult));
        Assert.Equal(200, served.Tag(GatewaySpanAttributes.HttpResponseStatusCode));
        Assert.Equal("throttled", served.Tag(GatewaySpanAttributes.RetryReason));
        Assert.Null(served.Tag(GatewaySpanAttributes.ErrorType));
        Assert.Equal(ActivityStatusCode.Unset, served.Status);
    }

    [Fact]
    public async Task AttemptUnreachable_ItsSpanNamesTheResultAsTheErrorType()
    {
        using var request = new Activity("request").SetIdFormat(ActivityIdFormat.W3C).Start();
        using var spans = new SpanRecorder(request.TraceId, GatewayActivities.SourceName);

        await ForwardAsync(NoAnswer(ForwarderError.Request), Answer(200));

        var unreachable = spans.Stopped[0];
        Assert.Equal("unreachable", unreachable.Tag(GatewaySpanAttributes.AttemptResult));
        Assert.Equal("unreachable", unreachable.Tag(GatewaySpanAttributes.ErrorType));
        Assert.Null(unreachable.Tag(GatewaySpanAttributes.HttpResponseStatusCode));
        Assert.Equal("unreachable", spans.Stopped[1].Tag(GatewaySpanAttributes.RetryReason));
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

    private static Func<HttpContext, GatewayAttempt, Task> NoAnswer(ForwarderError error, Exception? exception = null) => (context, _) =>
    {
        context.Features.Set<IForwarderErrorFeature>(new ErrorFeature(error, exception));
        context.Response.StatusCode = StatusCodes.Status502BadGateway;
        return Task.CompletedTask;
    };

    /// <summary>The client goes away while the attempt waits for the backend, as YARP and Kestrel report it.</summary>
    private static Func<HttpContext, GatewayAttempt, Task> ClientLeaves(ForwarderError error, bool connectionClosed) => (context, _) =>
    {
        if (connectionClosed)
        {
            context.RequestAborted = new CancellationToken(canceled: true);
        }

        context.Features.Set<IForwarderErrorFeature>(new ErrorFeature(error, new OperationCanceledException()));
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
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
        if (_clientLeft)
        {
            context.RequestAborted = new CancellationToken(canceled: true);
        }

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

    private void OwnedByPaygo()
    {
        _operation = GatewayOperation.Responses;
        _body = Encoding.UTF8.GetBytes("""{"input":"and then?","previous_response_id":"resp_1"}""");
        _ownedByPaygo = true;
    }

    private GatewayRequestContext Request()
    {
        var gateway = new GatewayRequestContext("req-1", GatewaySnapshot.Empty, GatewaySurface.AzureClassic, _operation, _clock.GetTimestamp(), _clock.GetUtcNow());
        gateway.Authenticated(new GatewayCaller(new TeamEntry(Guid.NewGuid(), "alpha", true, PriorityClass.Normal, null, AliasScope.All, null), null, null));
        Assert.True(RequestInspector.TryInspect(_body, _operation, out var inspected, out _));
        gateway.BodyRead(new ClientRequest(_body, inspected!));
        gateway.AliasResolved(_alias);
        gateway.Planned(new ForwardPlan(_body, false, null));
        if (_ownedByPaygo)
        {
            gateway.OwnedBy(new AiGateway.Gateway.StatefulApis.ObjectOwner(
                "resp_1", AiGateway.Gateway.StatefulApis.StoredObjectKind.Response, _paygo.DeploymentId, _paygo.Backend.Id, gateway.Caller.Team.Id, null, _clock.GetUtcNow(), _clock.GetUtcNow().AddDays(1)));
        }

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

    private static async Task<string?> ErrorCodeAsync(HttpContext context) => (await ErrorAsync(context)).GetProperty("code").GetString();

    private static async Task<string> ErrorMessageAsync(HttpContext context) => (await ErrorAsync(context)).GetProperty("message").GetString()!;

    private static async Task<JsonElement> ErrorAsync(HttpContext context)
    {
        context.Response.Body.Position = 0;
        using var json = await JsonDocument.ParseAsync(context.Response.Body, cancellationToken: TestContext.Current.CancellationToken);
        return json.RootElement.GetProperty("error").Clone();
    }

    private sealed class RecordingObserver : IAttemptObserver
    {
        public List<AttemptResult> Results { get; } = [];

        public void OnAttemptEnded(GatewayRequestContext gateway, AttemptOutcome outcome) => Results.Add(outcome.Result);
    }

    private sealed class ErrorFeature(ForwarderError error, Exception? exception) : IForwarderErrorFeature
    {
        public ForwarderError Error { get; } = error;
        public Exception? Exception { get; } = exception;
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
