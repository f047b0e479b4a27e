using System.Net;

namespace AiGateway.Simulator.Tests.Stateful;

/// <summary>Assistants, threads, messages and runs (Assistants API v2).</summary>
public sealed class AssistantsTests : IAsyncLifetime
{
    private SimulatorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await SimulatorServer.StartAsync(s => s["Simulator:Stateful:JobSeconds"] = "4");

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client => _server.Client;

    [Fact]
    public async Task Run_OnAThread_CompletesWithUsageAndAddsTheAssistantMessage()
    {
        var assistant = await Client.PostOkAsync("openai/assistants?api-version=2024-05-01-preview", """{"model":"chat","name":"helper","instructions":"Be brief."}""");
        var thread = await Client.PostOkAsync("openai/threads?api-version=2024-05-01-preview", """{"messages":[{"role":"user","content":"Hi"}]}""");
        var threadId = (string)thread["id"]!;
        var message = await Client.PostOkAsync($"v1/threads/{threadId}/messages", """{"role":"user","content":"How are you?"}""");

        var run = await Client.PostOkAsync($"v1/threads/{threadId}/runs", $$"""{"assistant_id":"{{assistant["id"]}}"}""");
        var runId = (string)run["id"]!;
        _server.Time.Advance(TimeSpan.FromSeconds(1));
        var running = await Client.GetOkAsync($"v1/threads/{threadId}/runs/{runId}");
        _server.Time.Advance(TimeSpan.FromSeconds(3));
        var done = await Client.GetOkAsync($"v1/threads/{threadId}/runs/{runId}");
        var messages = await Client.GetOkAsync($"v1/threads/{threadId}/messages");

        Assert.StartsWith("asst_", (string?)assistant["id"], StringComparison.Ordinal);
        Assert.StartsWith("thread_", threadId, StringComparison.Ordinal);
        Assert.Equal("thread.message", (string?)message["object"]);
        Assert.Equal("How are you?", (string?)message["content"]![0]!["text"]!["value"]);
        Assert.Equal("queued", (string?)run["status"]);
        Assert.Equal("in_progress", (string?)running["status"]);
        Assert.Equal("completed", (string?)done["status"]);
        Assert.Equal(16, (int)done["usage"]!["completion_tokens"]!);
        Assert.True((int)done["usage"]!["prompt_tokens"]! > 0);
        Assert.Equal(3, messages["data"]!.AsArray().Count);
        Assert.Equal("assistant", (string?)messages["data"]![0]!["role"]);
        Assert.Equal(runId, (string?)messages["data"]![0]!["run_id"]);
    }

    [Fact]
    public async Task Run_Cancelled_BeforeItCompletes_StaysCancelled()
    {
        var assistant = await Client.PostOkAsync("v1/assistants", """{"model":"chat"}""");
        var thread = await Client.PostOkAsync("v1/threads", "{}");
        var run = await Client.PostOkAsync($"v1/threads/{thread["id"]}/runs", $$"""{"assistant_id":"{{assistant["id"]}}"}""");

        var cancelled = await Client.PostOkAsync($"v1/threads/{thread["id"]}/runs/{run["id"]}/cancel", "{}");
        _server.Time.Advance(TimeSpan.FromSeconds(10));
        var later = await Client.GetOkAsync($"v1/threads/{thread["id"]}/runs/{run["id"]}");
        var messages = await Client.GetOkAsync($"v1/threads/{thread["id"]}/messages");

        Assert.Equal("cancelled", (string?)cancelled["status"]);
        Assert.Equal("cancelled", (string?)later["status"]);
        Assert.Empty(messages["data"]!.AsArray());
    }

    [Fact]
    public async Task Assistant_UpdateListDelete_AndUnknownIds()
    {
        var assistant = await Client.PostOkAsync("v1/assistants", """{"model":"chat","name":"a"}""");
        var id = (string)assistant["id"]!;

        var renamed = await Client.PostOkAsync($"v1/assistants/{id}", """{"name":"b"}""");
        var listed = await Client.GetOkAsync("v1/assistants");
        var deleted = await Client.DeleteOkAsync($"v1/assistants/{id}");
        using var gone = await Client.GetAsync($"v1/assistants/{id}", Ct);
        using var unknownThread = await Client.GetAsync("v1/threads/thread_missing", Ct);
        using var unknownModel = await Client.PostAsync("v1/assistants", """{"model":"nobody"}""");

        Assert.Equal("b", (string?)renamed["name"]);
        Assert.Equal(id, (string?)listed["first_id"]);
        Assert.Equal("assistant.deleted", (string?)deleted["object"]);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownThread.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownModel.StatusCode);
    }

    [Fact]
    public async Task Run_OnAThrottledDeployment_Returns429WithRetryAfter()
    {
        var assistant = await Client.PostOkAsync("v1/assistants", """{"model":"chat"}""");
        var thread = await Client.PostOkAsync("v1/threads", "{}");
        using (var patch = await Client.PatchConfigAsync("""{"deployments":{"chat":{"faults":{"throttleStormSeconds":20}}}}"""))
        {
            Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        }

        using var run = await Client.PostAsync($"v1/threads/{thread["id"]}/runs", $$"""{"assistant_id":"{{assistant["id"]}}"}""");

        Assert.Equal(HttpStatusCode.TooManyRequests, run.StatusCode);
        Assert.Equal("20", run.Header("retry-after"));
    }
}
