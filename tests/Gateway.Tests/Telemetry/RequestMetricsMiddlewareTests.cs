using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Streaming;
using AiGateway.Gateway.Telemetry;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Gateway.Tests.Context;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Telemetry;

public sealed class RequestMetricsMiddlewareTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(GatewayRequests.Now);
    private readonly MetricsCapture _capture = new();
    private readonly RequestMetricsRecorder _recorder;
    private readonly AliasEntry _alias = TestTargets.Alias(TestTargets.Target(TestTargets.Backend()));

    public RequestMetricsMiddlewareTests()
    {
        var health = new BackendHealthTracker(_clock, new TestOptionsMonitor<GatewayOptions>(new GatewayOptions()));
        _recorder = new RequestMetricsRecorder(new GatewayMetrics(_capture.Factory, new BackendHealthReadings(health, new GatewaySnapshotStore())), _clock);
    }

    public void Dispose() => _capture.Dispose();

    [Fact]
    public async Task InvokeAsync_CountsTheStatusTheLaterStepsAnswered_Once()
    {
        var http = GatewayRequests.Http(GatewayRequests.Resolved(_alias, GatewayRequests.Team(), clock: _clock));
        var next = new NextStep(h => h.Response.StatusCode = StatusCodes.Status404NotFound);

        await new RequestMetricsMiddleware(next.InvokeAsync, _recorder).InvokeAsync(http);

        var request = Assert.Single(_capture.Of(GatewayMetrics.RequestsName));
        Assert.Equal(("4xx", "client_error"), (request.Tag("aigw.status_class"), request.Tag("aigw.outcome")));
    }

    [Fact]
    public async Task InvokeAsync_WithNobodyListening_OnlyPassesTheRequestOn()
    {
        _capture.Dispose();
        var http = GatewayRequests.Http(GatewayRequests.Resolved(_alias, GatewayRequests.Team(), clock: _clock));
        var next = new NextStep(h => h.Response.StatusCode = StatusCodes.Status404NotFound);

        Assert.False(_recorder.Enabled);
        await new RequestMetricsMiddleware(next.InvokeAsync, _recorder).InvokeAsync(http);

        Assert.True(next.Called);
        Assert.Equal(StatusCodes.Status404NotFound, http.Response.StatusCode);
    }

    [Fact]
    public async Task InvokeAsync_StreamCutAfterItStarted_CountsAs502()
    {
        var http = GatewayRequests.Http(GatewayRequests.Resolved(_alias, GatewayRequests.Team(), clock: _clock));
        var next = new NextStep(h =>
        {
            h.Gateway().Answered(AttemptResult.Cut, 200, new TokenUsage(5, 2, 7), _clock);
            throw new BackendStreamInterruptedException("req-0001", "backend", null);
        });

        await Assert.ThrowsAsync<BackendStreamInterruptedException>(() => new RequestMetricsMiddleware(next.InvokeAsync, _recorder).InvokeAsync(http));

        var request = Assert.Single(_capture.Of(GatewayMetrics.RequestsName));
        Assert.Equal(("5xx", "failed"), (request.Tag("aigw.status_class"), request.Tag("aigw.outcome")));
    }

    [Fact]
    public async Task InvokeAsync_AFaultOfTheGateway_CountsAs500()
    {
        var http = GatewayRequests.Http(GatewayRequests.Resolved(_alias, GatewayRequests.Team(), clock: _clock));
        var next = new NextStep(_ => throw new InvalidOperationException("bug"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => new RequestMetricsMiddleware(next.InvokeAsync, _recorder).InvokeAsync(http));

        var request = Assert.Single(_capture.Of(GatewayMetrics.RequestsName));
        Assert.Equal(("5xx", "failed"), (request.Tag("aigw.status_class"), request.Tag("aigw.outcome")));
    }
}
