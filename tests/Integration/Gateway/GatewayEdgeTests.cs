using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Gateway;

/// <summary>
/// Every answer on a gateway path (<c>/openai/...</c>, <c>/v1/...</c>) is in the OpenAI error shape and carries the
/// gateway's request id, including answers to requests no gateway route matches and requests whose head is larger
/// than the gateway takes; the server's own refusals stay bounded.
/// </summary>
public sealed class GatewayEdgeTests() : GatewayTestBase(new Dictionary<string, string?>
{
    ["Gateway:Limits:MaxRequestLineBytes"] = "2048",
    ["Gateway:Limits:MaxRequestHeadersBytes"] = "8192",
    ["Gateway:Limits:MaxRequestHeaderCount"] = "50",
})
{
    [Theory]
    [InlineData("//openai/deployments/chat/chat/completions?api-version=2024-10-21")]
    [InlineData("//v1/chat/completions")]
    [InlineData("///v1/models")]
    public async Task EmptyLeadingSegment_Is404WithAnOpenAIErrorBodyAndRequestId(string pathAndQuery)
    {
        var response = await SendRawAsync("POST", pathAndQuery, """{"model":"chat","messages":[{"role":"user","content":"hi"}]}""");

        Assert.Equal(HttpStatusCode.NotFound, response.Status);
        Assert.Equal("application/json", response.MediaType);
        Assert.Matches("^[0-9a-f]{32}$", response.Header("x-request-id"));
        Assert.Contains("\"code\":\"unknown_url\"", response.Body, StringComparison.Ordinal);
        Assert.Equal(0, await Simulator.TotalRequestsAsync());
    }

    [Fact]
    public async Task FallbackAnswers_CarryARequestId()
    {
        using var wrongMethod = await Client.GetAsync("/v1/chat/completions", Ct);
        using var unknownPath = await Client.PostAsJsonAsync("/openai/widgets", new { model = ChatAlias }, Ct);

        await ErrorAsync(wrongMethod, HttpStatusCode.MethodNotAllowed);
        await ErrorAsync(unknownPath, HttpStatusCode.NotFound);
        Assert.Matches("^[0-9a-f]{32}$", Header(wrongMethod, "x-request-id"));
        Assert.Matches("^[0-9a-f]{32}$", Header(unknownPath, "x-request-id"));
    }

    [Fact]
    public async Task RequestLineAboveTheGatewaysLimit_Is414WithAnOpenAIErrorBody()
    {
        var url = "/openai/deployments/chat/chat/completions?api-version=2024-10-21&pad=" + new string('a', 3000);

        using var response = await Client.PostAsJsonAsync(url, new { messages = new[] { new { role = "user", content = "hi" } } }, Ct);

        var error = await ErrorAsync(response, HttpStatusCode.RequestUriTooLong);
        Assert.Equal("request_line_too_long", error.GetProperty("code").GetString());
        Assert.Contains("2048", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{32}$", Header(response, "x-request-id"));
        Assert.Equal("false", Header(response, "x-should-retry"));
        Assert.Equal(0, await Simulator.TotalRequestsAsync());
    }

    [Fact]
    public async Task HeadersAboveTheGatewaysLimit_Is431WithAnOpenAIErrorBody()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = ChatContent() };
        request.Headers.Add("x-client-trace", new string('t', 12_000));

        using var response = await Client.SendAsync(request, Ct);

        var error = await ErrorAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge);
        Assert.Equal("request_headers_too_large", error.GetProperty("code").GetString());
        Assert.Matches("^[0-9a-f]{32}$", Header(response, "x-request-id"));
        Assert.Equal(0, await Simulator.TotalRequestsAsync());
    }

    [Fact]
    public async Task MoreHeadersThanTheGatewayTakes_Is431WithAnOpenAIErrorBody()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = ChatContent() };
        for (var i = 0; i < 60; i++)
        {
            request.Headers.Add($"x-extra-{i}", "1");
        }

        using var response = await Client.SendAsync(request, Ct);

        var error = await ErrorAsync(response, HttpStatusCode.RequestHeaderFieldsTooLarge);
        Assert.Equal("too_many_request_headers", error.GetProperty("code").GetString());
        Assert.Equal(0, await Simulator.TotalRequestsAsync());
    }

    [Fact]
    public async Task HeadersAboveTheServersCeiling_AreStillRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = ChatContent() };
        request.Headers.Add("x-client-trace", new string('t', 300_000));

        using var response = await Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        Assert.Equal(0, await Simulator.TotalRequestsAsync());
    }

    [Fact]
    public async Task PortalPath_HeadersAboveTheGatewaysLimit_AreServedAsBefore()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Add("x-client-trace", new string('t', 12_000));

        using var response = await Client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("x-request-id"));
    }

    [Fact]
    public async Task GatewayAnswer_NamesNoServerSoftware()
    {
        using var ok = await ChatAsync();
        using var refused = await Client.GetAsync("/v1/chat/completions", Ct);

        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Empty(ok.Headers.Server);
        Assert.Empty(refused.Headers.Server);
    }

    private static StringContent ChatContent() =>
        new("""{"model":"chat","messages":[{"role":"user","content":"hi"}],"max_tokens":3}""", Encoding.UTF8, "application/json");

    /// <summary>
    /// A request written byte for byte: HttpClient would read a path starting with two slashes as another host.
    /// </summary>
    private async Task<RawResponse> SendRawAsync(string method, string pathAndQuery, string body)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(Gateway.BaseAddress.Host, Gateway.BaseAddress.Port, Ct);
        var stream = tcp.GetStream();
        var bodyBytes = Encoding.UTF8.GetBytes(body);
        var head = $"{method} {pathAndQuery} HTTP/1.1\r\nHost: {Gateway.BaseAddress.Authority}\r\napi-key: {Key}\r\n"
            + $"Content-Type: application/json\r\nContent-Length: {bodyBytes.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Ct);
        await stream.WriteAsync(bodyBytes, Ct);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return RawResponse.Parse(await reader.ReadToEndAsync(Ct));
    }
}
