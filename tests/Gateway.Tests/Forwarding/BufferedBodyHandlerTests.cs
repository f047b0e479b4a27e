using System.Net;
using System.Text;
using AiGateway.Gateway.Forwarding;

namespace AiGateway.Gateway.Tests.Forwarding;

public sealed class BufferedBodyHandlerTests
{
    private static readonly byte[] Body = Encoding.UTF8.GetBytes("""{"messages":[{"role":"user","content":"hi"}],"max_tokens":3}""");

    [Fact]
    public async Task BodyOption_ReplacesTheStreamedContentWithTheBufferKeepingItsContentHeaders()
    {
        var inner = new CapturingHandler();
        using var invoker = new HttpMessageInvoker(new BufferedBodyHandler(inner));
        using var request = Post(new UnreadableContent());
        request.Content!.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Content.Headers.ContentLength = Body.Length;
        request.Content.Headers.ContentLanguage.Add("en");
        request.Options.Set(BufferedBodyHandler.Body, Body);

        using var response = await invoker.SendAsync(request, TestContext.Current.CancellationToken);

        var sent = inner.Content!;
        Assert.IsNotType<UnreadableContent>(sent);
        Assert.Equal(Body, await sent.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal("application/json; charset=utf-8", sent.Headers.ContentType!.ToString());
        Assert.Equal(Body.Length, sent.Headers.ContentLength);
        Assert.Equal(["en"], sent.Headers.ContentLanguage);
    }

    [Fact]
    public async Task NoBodyOption_SendsTheContentItWasGiven()
    {
        var inner = new CapturingHandler();
        using var invoker = new HttpMessageInvoker(new BufferedBodyHandler(inner));
        var content = new UnreadableContent();
        using var request = Post(content);

        using var response = await invoker.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Same(content, inner.Content);
    }

    [Fact]
    public async Task BodyOptionOnARequestWithoutContent_AddsNoBody()
    {
        var inner = new CapturingHandler();
        using var invoker = new HttpMessageInvoker(new BufferedBodyHandler(inner));
        using var request = new HttpRequestMessage(HttpMethod.Get, "http://backend.test/models");
        request.Options.Set(BufferedBodyHandler.Body, Body);

        using var response = await invoker.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Null(inner.Content);
    }

    private static HttpRequestMessage Post(HttpContent content) =>
        new(HttpMethod.Post, "http://backend.test/openai/deployments/d/chat/completions") { Content = content };

    /// <summary>Stands in for YARP's streaming copy of the client's body: the handler must not read it.</summary>
    private sealed class UnreadableContent : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            throw new InvalidOperationException("The streamed body was read.");

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public HttpContent? Content { get; private set; }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Content = request.Content;
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK));
        }
    }
}
