using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Quotas;
using AiGateway.Gateway.Requests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace AiGateway.Gateway.Tests.Context;

public sealed class GatewayContextMiddlewareTests
{
    private readonly FakeTimeProvider _clock = new(GatewayRequests.Now);
    private readonly GatewaySnapshotStore _snapshots = new();
    private readonly GatewaySnapshot _snapshot = GatewayRequests.Snapshot(version: 7);

    public GatewayContextMiddlewareTests() => _snapshots.Publish(_snapshot);

    [Theory]
    [InlineData(GatewaySurface.AzureClassic, "chat/completions", GatewayOperation.ChatCompletions)]
    [InlineData(GatewaySurface.AzureClassic, "embeddings", GatewayOperation.Embeddings)]
    [InlineData(GatewaySurface.AzureV1, "completions", GatewayOperation.Completions)]
    [InlineData(GatewaySurface.OpenAIV1, "responses/", GatewayOperation.Responses)]
    public async Task InvokeAsync_KnownOperation_SetsTheContextAndCallsNext(GatewaySurface surface, string path, GatewayOperation operation)
    {
        var http = Request(surface, path);
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.Equal(1, next.Calls);
        var gateway = http.Gateway();
        Assert.Equal(surface, gateway.Surface);
        Assert.Equal(operation, gateway.Operation);
        Assert.Same(_snapshot, gateway.Snapshot);
        Assert.Equal(GatewayRequests.Now, gateway.StartedAt);
        Assert.Equal(http.TraceIdentifier, gateway.RequestId);
        Assert.False(gateway.IsAuthenticated);
    }

    [Fact]
    public async Task InvokeAsync_SnapshotPublishedDuringTheRequest_KeepsTheSnapshotItArrivedWith()
    {
        var http = Request(GatewaySurface.OpenAIV1, "chat/completions");
        var next = new NextStep(_ => _snapshots.Publish(GatewayRequests.Snapshot(version: 8)));

        await Middleware(next).InvokeAsync(http);

        Assert.Same(_snapshot, http.Gateway().Snapshot);
        Assert.Equal(8, _snapshots.Current.Version);
    }

    [Fact]
    public async Task InvokeAsync_UnknownOperation_Answers404UnknownUrlWithRequestId()
    {
        var http = Request(GatewaySurface.OpenAIV1, "images/generations");
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);
        await http.StartResponseAsync();

        Assert.False(next.Called);
        Assert.Equal(StatusCodes.Status404NotFound, http.Response.StatusCode);
        var error = http.Response.Error();
        Assert.Equal("unknown_url", error.GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Contains("'images/generations'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_ResponsesOnTheAzureClassicShape_Answers404PointingToV1()
    {
        var http = Request(GatewaySurface.AzureClassic, "responses");
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.False(next.Called);
        Assert.Equal(StatusCodes.Status404NotFound, http.Response.StatusCode);
        var error = http.Response.Error();
        Assert.Equal("unknown_url", error.GetProperty("code").GetString());
        Assert.Contains("/openai/v1/responses", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_NoSnapshotLoadedYet_Answers503WithRetryAfter()
    {
        var empty = new GatewaySnapshotStore();
        var http = Request(GatewaySurface.OpenAIV1, "chat/completions");
        var next = new NextStep();

        await new GatewayContextMiddleware(next.InvokeAsync, empty, _clock).InvokeAsync(http);
        await http.StartResponseAsync();

        Assert.False(next.Called);
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, http.Response.StatusCode);
        Assert.Equal("configuration_unavailable", http.Response.ErrorCode());
        Assert.Equal("2", http.Response.Headers.RetryAfter);
        Assert.Equal("2000", http.Response.Headers["retry-after-ms"]);
        Assert.Equal("true", http.Response.Headers["x-should-retry"]);
    }

    [Fact]
    public async Task InvokeAsync_AdmittedByQuota_ResponseCarriesTheCallersRemainingFiguresNeverBelowZero()
    {
        var http = Request(GatewaySurface.OpenAIV1, "chat/completions");
        var next = new NextStep(h =>
        {
            h.Response.Headers["x-ratelimit-remaining-requests"] = "9999";
            h.Gateway().Admitted(new QuotaDecision(null, null, null, null, RemainingRequests: 4, RemainingTokens: -10));
        });

        await Middleware(next).InvokeAsync(http);
        await http.StartResponseAsync();

        Assert.Equal("4", http.Response.Headers["x-ratelimit-remaining-requests"]);
        Assert.Equal("0", http.Response.Headers["x-ratelimit-remaining-tokens"]);
    }

    [Fact]
    public async Task InvokeAsync_NoQuotaApplies_AddsNoRemainingFigures()
    {
        var http = Request(GatewaySurface.OpenAIV1, "chat/completions");

        await Middleware(new NextStep()).InvokeAsync(http);
        await http.StartResponseAsync();

        Assert.False(http.Response.Headers.ContainsKey("x-ratelimit-remaining-requests"));
        Assert.False(http.Response.Headers.ContainsKey("x-ratelimit-remaining-tokens"));
    }

    [Theory]
    [InlineData("GET", "files", "", "files.list")]
    [InlineData("GET", "responses", "resp_1/input_items", "responses.input_items.get")]
    [InlineData("DELETE", "files", "file-1", "files.delete")]
    public async Task InvokeAsync_StatefulRoute_SetsTheStatefulOperationAndCallsNext(string method, string collection, string rest, string name)
    {
        var http = StatefulRequest(method, collection, rest);
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.Equal(1, next.Calls);
        Assert.Equal(GatewayOperation.Stateful, http.Gateway().Operation);
        Assert.Equal(name, http.Features.Get<AiGateway.Gateway.StatefulApis.StatefulOperation>()!.Name);
    }

    [Fact]
    public async Task InvokeAsync_PostResponsesOnItsStatefulRoute_IsTheModelCall()
    {
        var http = StatefulRequest("POST", "responses", "");
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.Equal(1, next.Calls);
        Assert.Equal(GatewayOperation.Responses, http.Gateway().Operation);
        Assert.Null(http.Features.Get<AiGateway.Gateway.StatefulApis.StatefulOperation>());
    }

    [Theory]
    [InlineData("GET", "responses", "")]
    [InlineData("POST", "images", "generations")]
    public async Task InvokeAsync_StatefulRouteWithAnUnservedOperation_Answers404UnknownUrl(string method, string collection, string rest)
    {
        var http = StatefulRequest(method, collection, rest);
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.False(next.Called);
        Assert.Equal("unknown_url", http.Response.ErrorCode());
    }

    private static DefaultHttpContext StatefulRequest(string method, string collection, string rest)
    {
        var http = Request(GatewaySurface.OpenAIV1, "");
        var route = new RouteConfig
        {
            RouteId = "stateful",
            Metadata = new Dictionary<string, string>
            {
                [GatewayContextMiddleware.SurfaceMetadataKey] = nameof(GatewaySurface.OpenAIV1),
                [GatewayContextMiddleware.StatefulMetadataKey] = collection,
            },
        };
        http.Features.Set<IReverseProxyFeature>(new ReverseProxyFeature { Route = new RouteModel(route, null, HttpTransformer.Default) });
        http.Request.Method = method;
        http.Request.RouteValues.Remove("operation");
        http.Request.RouteValues["stateful"] = rest;
        return http;
    }

    private GatewayContextMiddleware Middleware(NextStep next) => new(next.InvokeAsync, _snapshots, _clock);

    /// <summary>A request as YARP hands it to the pipeline: matched to the surface's route, the operation in the route values.</summary>
    private static DefaultHttpContext Request(GatewaySurface surface, string operation)
    {
        var http = GatewayRequests.Http();
        var route = new RouteConfig
        {
            RouteId = surface.ToString(),
            Metadata = new Dictionary<string, string> { [GatewayContextMiddleware.SurfaceMetadataKey] = surface.ToString() },
        };
        http.Features.Set<IReverseProxyFeature>(new ReverseProxyFeature { Route = new RouteModel(route, null, HttpTransformer.Default) });
        http.Request.RouteValues["operation"] = operation;
        // As the entry middleware leaves it.
        http.TraceIdentifier = RequestId.New(GatewayRequests.Now);
        return http;
    }
}
