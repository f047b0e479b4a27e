using System.Text.Json;

namespace AiGateway.Simulator.Tests;

/// <summary>The raw bytes of streams, checked against the shape Azure and OpenAI send.</summary>
public sealed class StreamingWireTests : IAsyncLifetime
{
    private SimulatorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await SimulatorServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task ChatStream_AzureRouteWithIncludeUsage_FramesMatchAzureShape()
    {
        using var response = await _server.Client.PostAsync(Wire.ChatPath,
            """{"messages":[{"role":"user","content":"Hi"}],"max_tokens":3,"stream":true,"stream_options":{"include_usage":true}}""");
        var raw = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.EndsWith("\n\ndata: [DONE]\n\n", raw, StringComparison.Ordinal);
        var frames = raw.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.All(frames, f => Assert.StartsWith("data: ", f, StringComparison.Ordinal));
        Assert.DoesNotContain('\r', raw);

        // prompt filter frame, role frame, 3 content frames, finish frame, usage frame, [DONE]
        Assert.Equal(8, frames.Length);
        var json = frames[..^1].Select(f => Wire.Parse(f["data: ".Length..])).ToArray();

        var first = json[0];
        Assert.Equal(0, first.GetProperty("choices").GetArrayLength());
        Assert.Equal("", first.GetProperty("id").GetString());
        Assert.Equal(0, first.GetProperty("prompt_filter_results")[0].GetProperty("prompt_index").GetInt32());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("usage").ValueKind);

        var role = json[1].GetProperty("choices")[0];
        Assert.Equal("assistant", role.GetProperty("delta").GetProperty("role").GetString());
        Assert.Equal("", role.GetProperty("delta").GetProperty("content").GetString());

        var id = json[1].GetProperty("id").GetString();
        Assert.StartsWith("chatcmpl-", id, StringComparison.Ordinal);
        foreach (var chunk in json[1..^1])
        {
            Assert.Equal(id, chunk.GetProperty("id").GetString());
            Assert.Equal("chat.completion.chunk", chunk.GetProperty("object").GetString());
            Assert.Equal("gpt-4o-mini-2024-07-18", chunk.GetProperty("model").GetString());
            Assert.Equal(JsonValueKind.Null, chunk.GetProperty("usage").ValueKind);
            Assert.Equal(1, chunk.GetProperty("choices").GetArrayLength());
        }

        var content = string.Concat(json[2..5].Select(c => c.GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString()));
        Assert.Equal("The quick brown", content);
        Assert.All(json[2..5], c => Assert.Equal(JsonValueKind.Null, c.GetProperty("choices")[0].GetProperty("finish_reason").ValueKind));

        var finish = json[5].GetProperty("choices")[0];
        Assert.Equal("length", finish.GetProperty("finish_reason").GetString());
        Assert.Empty(finish.GetProperty("delta").EnumerateObject());

        var usage = json[6];
        Assert.Equal(0, usage.GetProperty("choices").GetArrayLength());
        Assert.Equal(3, usage.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        var prompt = usage.GetProperty("usage").GetProperty("prompt_tokens").GetInt32();
        Assert.Equal(prompt + 3, usage.GetProperty("usage").GetProperty("total_tokens").GetInt32());
        Assert.Equal("data: [DONE]", frames[^1]);
    }

    [Fact]
    public async Task ChatStream_WithoutIncludeUsage_HasNoUsageAnywhere()
    {
        using var response = await _server.Client.PostAsync(Wire.ChatPath,
            """{"messages":[{"role":"user","content":"Hi"}],"max_tokens":2,"stream":true}""");
        var raw = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.DoesNotContain("\"usage\"", raw, StringComparison.Ordinal);
        Assert.EndsWith("data: [DONE]\n\n", raw, StringComparison.Ordinal);
        Assert.Equal(6, raw.Split("\n\n", StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task ChatStream_OpenAIRoute_StartsWithRoleFrameAndHasNoFilterResults()
    {
        using var response = await _server.Client.PostAsync("v1/chat/completions",
            """{"model":"chat","messages":[{"role":"user","content":"Hi"}],"max_tokens":2,"stream":true}""");
        var raw = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        var first = Wire.Parse(raw.Split("\n\n")[0]["data: ".Length..]);
        Assert.Equal("assistant", first.GetProperty("choices")[0].GetProperty("delta").GetProperty("role").GetString());
        Assert.DoesNotContain("filter_results", raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatStream_NChoices_InterleavesChoicesAndMultipliesUsage()
    {
        using var response = await _server.Client.PostAsync(Wire.ChatPath,
            """{"messages":[{"role":"user","content":"Hi"}],"max_tokens":4,"n":2,"stream":true,"stream_options":{"include_usage":true}}""");
        var raw = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var json = raw.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[..^1].Select(f => Wire.Parse(f["data: ".Length..])).ToArray();

        var indexes = json.Where(j => j.GetProperty("choices").GetArrayLength() == 1)
            .Select(j => j.GetProperty("choices")[0].GetProperty("index").GetInt32()).ToArray();
        Assert.Equal(6 * 2, indexes.Length);
        Assert.Equal(indexes.Length / 2, indexes.Count(i => i == 1));
        Assert.Equal(8, json[^1].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task CompletionsStream_AzureRoute_SendsTextChunksUsageAndDone()
    {
        using var response = await _server.Client.PostAsync("openai/deployments/chat/completions?api-version=2024-10-21",
            """{"prompt":"Once upon a time","max_tokens":2,"stream":true,"stream_options":{"include_usage":true}}""");
        var raw = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var frames = raw.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal("data: [DONE]", frames[^1]);
        var json = frames[..^1].Select(f => Wire.Parse(f["data: ".Length..])).ToArray();
        Assert.Equal("The", json[0].GetProperty("choices")[0].GetProperty("text").GetString());
        Assert.Equal("text_completion", json[0].GetProperty("object").GetString());
        Assert.Equal("length", json[2].GetProperty("choices")[0].GetProperty("finish_reason").GetString());
        Assert.Equal(2, json[3].GetProperty("usage").GetProperty("completion_tokens").GetInt32());
    }

    [Fact]
    public async Task ResponsesStream_Events_ComeInTheServiceOrderWithUsageOnCompleted()
    {
        using var response = await _server.Client.PostAsync("v1/responses", """{"model":"chat","input":"Hi","stream":true}""");
        var raw = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var frames = raw.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);

        var events = frames.Select(f => f.Split('\n')[0]["event: ".Length..]).ToArray();
        Assert.Equal(
            ["response.created", "response.in_progress", "response.output_item.added", "response.content_part.added"],
            events[..4]);
        Assert.Equal(16, events.Count(e => e == "response.output_text.delta"));
        Assert.Equal(
            ["response.output_text.done", "response.content_part.done", "response.output_item.done", "response.completed"],
            events[^4..]);

        var payloads = frames.Select(f => Wire.Parse(f.Split('\n')[1]["data: ".Length..])).ToArray();
        Assert.Equal(Enumerable.Range(0, frames.Length), payloads.Select(p => p.GetProperty("sequence_number").GetInt32()));
        var usage = payloads[^1].GetProperty("response").GetProperty("usage");
        Assert.Equal(16, usage.GetProperty("output_tokens").GetInt32());
        Assert.Equal(usage.GetProperty("input_tokens").GetInt32() + 16, usage.GetProperty("total_tokens").GetInt32());
        Assert.DoesNotContain("[DONE]", raw, StringComparison.Ordinal);
    }
}
