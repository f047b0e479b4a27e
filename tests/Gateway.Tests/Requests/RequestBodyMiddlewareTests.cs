using System.Text;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Requests;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Gateway.Tests.Context;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AiGateway.Gateway.Tests.Requests;

public sealed class RequestBodyMiddlewareTests
{
    private const int Limit = 256;
    private readonly ComplianceOptions _options = new() { MaxRequestBodyBytes = Limit };

    [Fact]
    public async Task InvokeAsync_GoodBody_ReadsItOnceWithTheInspectedFields()
    {
        const string Body = """{"model":"gpt-4o","messages":[{"role":"user","content":"Hi"}],"stream":true,"max_tokens":50,"n":2}""";
        var http = Request();
        http.Request.SetJsonBody(Body);
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.Equal(1, next.Calls);
        var request = http.Gateway().Request;
        Assert.Equal(Body, Encoding.UTF8.GetString(request.Body.Span));
        Assert.Equal("gpt-4o", request.Inspected.Model);
        Assert.True(request.Inspected.Stream);
        Assert.Equal(50, request.Inspected.MaxTokens);
        Assert.Equal(2, request.Inspected.N);
        Assert.Equal(["model", "messages", "stream", "max_tokens", "n"], request.Inspected.TopLevelProperties);
    }

    [Fact]
    public async Task InvokeAsync_ChunkedBodyWithinTheBound_ReadsItWhole()
    {
        var http = Request();
        http.Request.SetJsonBody(GatewayRequests.ChatBody, withContentLength: false);
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.True(next.Called);
        Assert.Equal(GatewayRequests.ChatBody, Encoding.UTF8.GetString(http.Gateway().Request.Body.Span));
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("APPLICATION/JSON")]
    [InlineData("application/vnd.api+json")]
    public async Task InvokeAsync_JsonContentTypes_AreAccepted(string contentType)
    {
        var http = Request();
        http.Request.SetJsonBody(GatewayRequests.ChatBody);
        http.Request.ContentType = contentType;
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.True(next.Called);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData(null)]
    public async Task InvokeAsync_NotJson_Answers400InvalidContentType(string? contentType)
    {
        var http = Request();
        http.Request.SetJsonBody(GatewayRequests.ChatBody);
        http.Request.ContentType = contentType;
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.False(next.Called);
        Assert.Equal(StatusCodes.Status400BadRequest, http.Response.StatusCode);
        Assert.Equal("invalid_content_type", http.Response.ErrorCode());
    }

    [Fact]
    public async Task InvokeAsync_ContentLengthOverTheBound_Answers413WithoutReading()
    {
        var http = Request();
        http.Request.SetJsonBody(GatewayRequests.ChatBody);
        http.Request.ContentLength = Limit + 1;
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.False(next.Called);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, http.Response.StatusCode);
        Assert.Equal("request_too_large", http.Response.ErrorCode());
        Assert.Equal(0, http.Request.Body.Position);
    }

    [Fact]
    public async Task InvokeAsync_ChunkedBodyOverTheBound_Answers413()
    {
        var http = Request();
        http.Request.SetJsonBody(LongChat(Limit + 1), withContentLength: false);
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.False(next.Called);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, http.Response.StatusCode);
        Assert.Equal("request_too_large", http.Response.ErrorCode());
    }

    [Fact]
    public async Task InvokeAsync_ChunkedBodyExactlyAtTheBound_IsRead()
    {
        var http = Request();
        http.Request.SetJsonBody(LongChat(Limit), withContentLength: false);
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.True(next.Called);
        Assert.Equal(Limit, http.Gateway().Request.Body.Length);
    }

    [Fact]
    public async Task InvokeAsync_BodyShorterThanItsContentLength_Answers400IncompleteBody()
    {
        var http = Request();
        http.Request.SetJsonBody(GatewayRequests.ChatBody);
        http.Request.ContentLength = GatewayRequests.ChatBody.Length + 10;
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.False(next.Called);
        Assert.Equal(StatusCodes.Status400BadRequest, http.Response.StatusCode);
        Assert.Equal("incomplete_body", http.Response.ErrorCode());
    }

    [Theory]
    [InlineData("""{"model":"gpt-4o","messages":[}""", "invalid_json")]
    [InlineData("""{"model":"gpt-4o"}""", "missing_required_parameter")]
    [InlineData("""[1,2]""", "invalid_type")]
    [InlineData("""{"model":"gpt-4o","messages":[],"max_tokens":"many"}""", "invalid_type")]
    public async Task InvokeAsync_BodyTheGatewayCannotActOn_Answers400WithTheReason(string body, string code)
    {
        var http = Request();
        http.Request.SetJsonBody(body);
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.False(next.Called);
        Assert.Equal(StatusCodes.Status400BadRequest, http.Response.StatusCode);
        Assert.Equal(code, http.Response.ErrorCode());
        Assert.Throws<InvalidOperationException>(() => http.Gateway().Request);
    }

    [Fact]
    public async Task InvokeAsync_ServerHasItsOwnBodyLimit_LiftsItSoTheGatewaysBoundAnswers()
    {
        var http = Request();
        var serverLimit = new ServerBodySizeLimit { MaxRequestBodySize = 30_000_000 };
        http.Features.Set<IHttpMaxRequestBodySizeFeature>(serverLimit);
        http.Request.SetJsonBody(GatewayRequests.ChatBody);

        await Middleware(new NextStep()).InvokeAsync(http);

        Assert.Null(serverLimit.MaxRequestBodySize);
    }

    private RequestBodyMiddleware Middleware(NextStep next) => new(next.InvokeAsync, new TestOptionsMonitor<ComplianceOptions>(_options));

    private static DefaultHttpContext Request() => GatewayRequests.Http(GatewayRequests.Arrived(GatewayRequests.Snapshot()));

    /// <summary>A valid chat body of exactly <paramref name="bytes"/> bytes.</summary>
    private static string LongChat(int bytes)
    {
        const string Head = "{\"messages\":[{\"role\":\"user\",\"content\":\"";
        const string Tail = "\"}]}";
        return Head + new string('a', bytes - Head.Length - Tail.Length) + Tail;
    }

    private sealed class ServerBodySizeLimit : IHttpMaxRequestBodySizeFeature
    {
        public bool IsReadOnly => false;

        public long? MaxRequestBodySize { get; set; }
    }
}
