using System.Net;
using System.Text.Json.Nodes;

namespace AiGateway.Simulator.Tests.Stateful;

/// <summary>Stored responses: chains, background jobs, input items, deletion and unknown ids.</summary>
public sealed class ResponsesStateTests : IAsyncLifetime
{
    private SimulatorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await SimulatorServer.StartAsync(s => s["Simulator:Stateful:JobSeconds"] = "10");

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateResponse_WithPreviousResponseId_ContinuesTheStoredChain()
    {
        var first = await CreateAsync("""{"model":"chat","input":"Hi"}""");
        var firstId = (string)first["id"]!;
        var firstTotal = (int)first["usage"]!["total_tokens"]!;

        using var second = await _server.Client.PostAsync("v1/responses", $$"""{"model":"chat","input":"And then?","previous_response_id":"{{firstId}}"}""");
        var body = await second.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.StartsWith("resp_", firstId, StringComparison.Ordinal);
        Assert.Equal(firstId, (string?)body["previous_response_id"]);
        Assert.True((int)body["usage"]!["input_tokens"]! > firstTotal, "the chain's earlier turn is charged as input");

        using var fetched = await _server.Client.GetAsync($"v1/responses/{firstId}", Ct);
        Assert.Equal(HttpStatusCode.OK, fetched.StatusCode);
        Assert.Equal(firstId, (string?)(await fetched.ReadJsonAsync())["id"]);
    }

    [Fact]
    public async Task CreateResponse_UnknownPreviousResponse_Returns400PreviousResponseNotFound()
    {
        using var response = await _server.Client.PostAsync("v1/responses", """{"model":"chat","input":"Hi","previous_response_id":"resp_missing"}""");
        var error = (await response.ReadJsonAsync())["error"]!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("previous_response_not_found", (string?)error["code"]);
        Assert.Equal("previous_response_id", (string?)error["param"]);
    }

    [Fact]
    public async Task CreateResponse_Background_IsQueuedThenInProgressThenCompletedWithUsage()
    {
        var queued = await CreateAsync("""{"model":"chat","input":"Work on it","background":true}""");
        var id = (string)queued["id"]!;
        Assert.Equal("queued", (string?)queued["status"]);
        Assert.Null(queued["usage"]);

        _server.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("in_progress", (string?)(await GetAsync($"v1/responses/{id}"))["status"]);

        _server.Time.Advance(TimeSpan.FromSeconds(9));
        var done = await GetAsync($"v1/responses/{id}");
        Assert.Equal("completed", (string?)done["status"]);
        Assert.Equal(16, (int)done["usage"]!["output_tokens"]!);
        Assert.Equal("assistant", (string?)done["output"]![0]!["role"]);
    }

    [Fact]
    public async Task Cancel_BackgroundResponse_IsCancelledAndAForegroundOneIsRefused()
    {
        var queued = await CreateAsync("""{"model":"chat","input":"Work on it","background":true}""");
        var plain = await CreateAsync("""{"model":"chat","input":"Now"}""");

        using var cancelled = await _server.Client.PostAsync($"v1/responses/{queued["id"]}/cancel", null, Ct);
        using var refused = await _server.Client.PostAsync($"v1/responses/{plain["id"]}/cancel", null, Ct);

        Assert.Equal("cancelled", (string?)(await cancelled.ReadJsonAsync())["status"]);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        _server.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal("cancelled", (string?)(await GetAsync($"v1/responses/{queued["id"]}"))["status"]);
    }

    [Fact]
    public async Task InputItems_PagesWithLimitOrderAndAfter()
    {
        var created = await CreateAsync("""
            {"model":"chat","input":[
              {"role":"user","content":"one"},
              {"role":"assistant","content":"two"},
              {"type":"message","role":"user","content":[{"type":"input_text","text":"three"}]}]}
            """);
        var id = (string)created["id"]!;

        var page1 = await GetAsync($"v1/responses/{id}/input_items?limit=2&order=asc");
        var page2 = await GetAsync($"v1/responses/{id}/input_items?limit=2&order=asc&after={page1["last_id"]}");
        var newestFirst = await GetAsync($"v1/responses/{id}/input_items");

        Assert.Equal("list", (string?)page1["object"]);
        Assert.Equal(["one", "two"], page1["data"]!.AsArray().Select(i => (string?)i!["content"]![0]!["text"]));
        Assert.True((bool)page1["has_more"]!);
        Assert.Equal("three", (string?)page2["data"]![0]!["content"]![0]!["text"]);
        Assert.False((bool)page2["has_more"]!);
        Assert.Equal((string?)page2["last_id"], (string?)newestFirst["first_id"]);
        Assert.StartsWith("msg_", (string?)newestFirst["first_id"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_RemovesTheResponse_ThenItIsUnknown()
    {
        var created = await CreateAsync("""{"model":"chat","input":"Hi"}""");
        var id = (string)created["id"]!;

        using var deleted = await _server.Client.DeleteAsync($"v1/responses/{id}", Ct);
        var body = await deleted.ReadJsonAsync();
        using var gone = await _server.Client.GetAsync($"v1/responses/{id}", Ct);

        Assert.Equal(id, (string?)body["id"]);
        Assert.Equal("response", (string?)body["object"]);
        Assert.True((bool)body["deleted"]!);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Contains(id, (string?)(await gone.ReadJsonAsync())["error"]!["message"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateResponse_StoreFalse_IsNotKept()
    {
        var created = await CreateAsync("""{"model":"chat","input":"Hi","store":false}""");

        using var gone = await _server.Client.GetAsync($"v1/responses/{created["id"]}", Ct);

        Assert.False((bool)created["store"]!);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task CreateResponse_Streamed_IsStoredBeforeTheCompletedEvent()
    {
        using var stream = await _server.Client.PostAsync("v1/responses", """{"model":"chat","input":"Hi","stream":true}""");
        var raw = await stream.Content.ReadAsStringAsync(Ct);
        var last = raw.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[^1].Split('\n')[1]["data: ".Length..];
        var id = (string)JsonNode.Parse(last)!["response"]!["id"]!;

        Assert.Equal("completed", (string?)(await GetAsync($"v1/responses/{id}"))["status"]);
    }

    [Fact]
    public async Task CreateResponse_BackgroundAndStreamed_StreamsAndIsStored()
    {
        using var stream = await _server.Client.PostAsync("v1/responses", """{"model":"chat","input":"Hi","stream":true,"background":true}""");
        var raw = await stream.Content.ReadAsStringAsync(Ct);
        var last = JsonNode.Parse(raw.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[^1].Split('\n')[1]["data: ".Length..])!["response"]!;

        Assert.StartsWith("text/event-stream", stream.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        Assert.True((bool)last["background"]!);
        Assert.Equal("completed", (string?)(await GetAsync($"v1/responses/{last["id"]}"))["status"]);
    }

    [Fact]
    public async Task StoredResponse_IsServedOnTheAzurePaths()
    {
        var created = await CreateAsync("""{"model":"chat","input":"Hi"}""");

        using var classic = await _server.Client.GetAsync($"openai/responses/{created["id"]}?api-version=2025-04-01-preview", Ct);
        using var v1 = await _server.Client.GetAsync($"openai/v1/responses/{created["id"]}", Ct);
        using var noVersion = await _server.Client.GetAsync($"openai/responses/{created["id"]}", Ct);

        Assert.Equal(HttpStatusCode.OK, classic.StatusCode);
        Assert.Equal(HttpStatusCode.OK, v1.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noVersion.StatusCode);
    }

    [Fact]
    public async Task CreateResponse_InConversation_AppendsTheTurnToItsItems()
    {
        var conversation = await CreateAsync("""{"items":[{"type":"message","role":"user","content":"Remember this"}],"metadata":{"topic":"demo"}}""", "v1/conversations");
        var conversationId = (string)conversation["id"]!;

        var answer = await CreateAsync($$"""{"model":"chat","input":"What did I say?","conversation":"{{conversationId}}"}""");
        var items = await GetAsync($"v1/conversations/{conversationId}/items?order=asc");

        Assert.StartsWith("conv_", conversationId, StringComparison.Ordinal);
        Assert.Equal(conversationId, (string?)answer["conversation"]!["id"]);
        Assert.Equal(["user", "user", "assistant"], items["data"]!.AsArray().Select(i => (string?)i!["role"]));
        Assert.Equal((string?)answer["output"]![0]!["id"], (string?)items["last_id"]);
    }

    [Fact]
    public async Task Conversations_ItemsAndMetadata_CanBeReadChangedAndDeleted()
    {
        var conversation = await CreateAsync("""{}""", "v1/conversations");
        var id = (string)conversation["id"]!;

        var added = await CreateAsync("""{"items":[{"role":"user","content":"a"},{"role":"user","content":"b"}]}""", $"v1/conversations/{id}/items");
        var itemId = (string)added["first_id"]!;
        var item = await GetAsync($"v1/conversations/{id}/items/{itemId}");
        var updated = await CreateAsync("""{"metadata":{"k":"v"}}""", $"v1/conversations/{id}");
        using var deleteItem = await _server.Client.DeleteAsync($"v1/conversations/{id}/items/{itemId}", Ct);
        var remaining = await GetAsync($"v1/conversations/{id}/items");
        using var delete = await _server.Client.DeleteAsync($"v1/conversations/{id}", Ct);
        using var gone = await _server.Client.GetAsync($"v1/conversations/{id}", Ct);

        Assert.Equal("a", (string?)item["content"]![0]!["text"]);
        Assert.Equal("v", (string?)updated["metadata"]!["k"]);
        Assert.Equal(HttpStatusCode.OK, deleteItem.StatusCode);
        Assert.Single(remaining["data"]!.AsArray());
        Assert.True((bool)(await delete.ReadJsonAsync())["deleted"]!);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task CreateResponse_UnknownConversation_Returns404()
    {
        using var response = await _server.Client.PostAsync("v1/responses", """{"model":"chat","input":"Hi","conversation":{"id":"conv_missing"}}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.NotNull((await response.ReadJsonAsync())["error"]!["message"]);
    }

    private async Task<JsonNode> CreateAsync(string json, string path = "v1/responses")
    {
        using var response = await _server.Client.PostAsync(path, json);
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return body;
    }

    private async Task<JsonNode> GetAsync(string path)
    {
        using var response = await _server.Client.GetAsync(path, Ct);
        var body = await response.ReadJsonAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToJsonString());
        return body;
    }
}
