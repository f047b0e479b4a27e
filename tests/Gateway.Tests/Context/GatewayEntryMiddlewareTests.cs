using AiGateway.Gateway.Context;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Context;

public sealed class GatewayEntryMiddlewareTests
{
    private readonly FakeTimeProvider _clock = new(GatewayRequests.Now);
    private readonly GatewayLimitsOptions _limits = new() { MaxRequestLineBytes = 1024, MaxRequestHeadersBytes = 4096, MaxRequestHeaderCount = 16 };

    [Theory]
    [InlineData("/v1/chat/completions")]
    [InlineData("/openai/deployments/chat/embeddings")]
    [InlineData("/OpenAI/v1/models")]
    public async Task InvokeAsync_GatewayPath_GivesTheRequestAnIdAndStampsItOnTheAnswer(string path)
    {
        var http = Request(path);
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);
        await http.StartResponseAsync();

        Assert.True(next.Called);
        Assert.Matches("^[0-9a-f]{32}$", http.TraceIdentifier);
        Assert.Equal(http.TraceIdentifier, http.Response.Headers[GatewayEntryMiddleware.RequestIdHeader]);
    }

    [Fact]
    public async Task InvokeAsync_BackendSentItsOwnRequestId_ResponseCarriesTheGatewaysInstead()
    {
        var http = Request("/v1/chat/completions");
        var next = new NextStep(h => h.Response.Headers[GatewayEntryMiddleware.RequestIdHeader] = "backend-request-id");

        await Middleware(next).InvokeAsync(http);
        await http.StartResponseAsync();

        Assert.Equal(http.TraceIdentifier, http.Response.Headers[GatewayEntryMiddleware.RequestIdHeader]);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/teams")]
    [InlineData("/api/admin/teams")]
    [InlineData("/v1x/models")]
    [InlineData("/openaiish")]
    public async Task InvokeAsync_OtherPath_PassesUntouched(string path)
    {
        var http = Request(path);
        http.Request.Headers["x-huge"] = new string('h', 10_000);
        var traceIdentifier = http.TraceIdentifier;
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);
        await http.StartResponseAsync();

        Assert.True(next.Called);
        Assert.Equal(traceIdentifier, http.TraceIdentifier);
        Assert.False(http.Response.Headers.ContainsKey(GatewayEntryMiddleware.RequestIdHeader));
    }

    [Theory]
    [InlineData("//v1/chat/completions")]
    [InlineData("///openai/deployments/chat/chat/completions")]
    public async Task InvokeAsync_PathWithExtraLeadingSlashes_Answers404UnknownUrl(string path)
    {
        var http = Request(path);
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);
        await http.StartResponseAsync();

        Assert.False(next.Called);
        Assert.Equal(StatusCodes.Status404NotFound, http.Response.StatusCode);
        Assert.Equal("unknown_url", http.Response.ErrorCode());
        Assert.Contains("extra '/'", http.Response.Error().GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(http.TraceIdentifier, http.Response.Headers[GatewayEntryMiddleware.RequestIdHeader]);
    }

    [Fact]
    public async Task InvokeAsync_RequestLineOverTheLimit_Answers414()
    {
        var http = Request("/v1/chat/completions?pad=" + new string('a', 1024));
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.False(next.Called);
        Assert.Equal(StatusCodes.Status414UriTooLong, http.Response.StatusCode);
        Assert.Equal("request_line_too_long", http.Response.ErrorCode());
        Assert.Equal("false", http.Response.Headers["x-should-retry"]);
    }

    [Fact]
    public async Task InvokeAsync_HeadersOverTheLimit_Answers431()
    {
        var http = Request("/v1/chat/completions");
        http.Request.Headers["x-huge"] = new string('h', 4096);
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.False(next.Called);
        Assert.Equal(StatusCodes.Status431RequestHeaderFieldsTooLarge, http.Response.StatusCode);
        Assert.Equal("request_headers_too_large", http.Response.ErrorCode());
    }

    [Fact]
    public async Task InvokeAsync_RepeatedHeadersOverTheCount_Answers431()
    {
        var http = Request("/v1/chat/completions");
        http.Request.Headers["x-repeated"] = Enumerable.Repeat("1", 17).ToArray();
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.False(next.Called);
        Assert.Equal("too_many_request_headers", http.Response.ErrorCode());
    }

    [Fact]
    public async Task InvokeAsync_HeadAtTheLimits_CallsNext()
    {
        var http = Request("/v1/chat/completions");
        // "x-h: " + value + CRLF is exactly the limit.
        http.Request.Headers["x-h"] = new string('h', 4096 - 7);
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.True(next.Called);
    }

    private GatewayEntryMiddleware Middleware(NextStep next) => new(next.InvokeAsync, Options.Create(_limits), _clock);

    private static DefaultHttpContext Request(string pathAndQuery)
    {
        var http = GatewayRequests.Http();
        var query = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        http.Request.Method = HttpMethods.Post;
        http.Request.Protocol = "HTTP/1.1";
        http.Request.Path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        http.Request.QueryString = query < 0 ? QueryString.Empty : new QueryString(pathAndQuery[query..]);
        http.Features.Get<IHttpRequestFeature>()!.RawTarget = pathAndQuery;
        return http;
    }
}
