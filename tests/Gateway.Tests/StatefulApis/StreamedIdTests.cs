using System.Text;
using AiGateway.Gateway.Streaming;

namespace AiGateway.Gateway.Tests.StatefulApis;

/// <summary>The id of a created response, read from the answer as it passes, for the ownership record.</summary>
public sealed class StreamedIdTests
{
    [Fact]
    public void TryRead_ResponsesBody_ReadsItsId()
    {
        Assert.True(ResponseJson.TryRead("""{"id":"resp_1","object":"response","status":"completed"}"""u8, out var facts));
        Assert.Equal("resp_1", facts.ObjectId);
    }

    [Fact]
    public void TryRead_ResponseCreatedEvent_ReadsTheResponsesId()
    {
        var json = Encoding.UTF8.GetBytes("""{"type":"response.created","response":{"id":"resp_2","status":"in_progress"}}""");

        Assert.True(ResponseJson.TryRead(json, "response.created"u8, null, out var facts));
        Assert.Equal("resp_2", facts.ObjectId);
    }

    [Fact]
    public void TryRead_ChatCompletionChunk_ReadsNoId()
    {
        var json = Encoding.UTF8.GetBytes("""{"id":"chatcmpl-1","choices":[{"index":0,"delta":{"content":"hi"}}]}""");

        Assert.True(ResponseJson.TryRead(json, default, null, out var facts));
        Assert.Null(facts.ObjectId);
    }
}
