using System.Net;
using System.Text.Json.Nodes;

namespace AiGateway.Simulator.Tests.Stateful;

/// <summary>Batches from an uploaded file to an output file, along the fake clock.</summary>
public sealed class BatchesTests : IAsyncLifetime
{
    private const string Lines = """
        {"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{"model":"chat","messages":[{"role":"user","content":"Hi"}],"max_tokens":5}}
        {"custom_id":"b","method":"POST","url":"/v1/chat/completions","body":{"model":"chat","messages":[{"role":"user","content":"Hello there"}]}}
        {"custom_id":"c","method":"POST","url":"/v1/chat/completions","body":{"model":"nobody","messages":[{"role":"user","content":"Hi"}]}}
        """;

    private SimulatorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await SimulatorServer.StartAsync(s => s["Simulator:Stateful:JobSeconds"] = "60");

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client => _server.Client;

    [Fact]
    public async Task Batch_FromAnUploadedFile_CompletesWithAnOutputLinePerRequestAndUsage()
    {
        var input = await Client.UploadOkAsync("batch", Lines);
        var batch = await Client.PostOkAsync("v1/batches",
            $$"""{"input_file_id":"{{input["id"]}}","endpoint":"/v1/chat/completions","completion_window":"24h"}""");
        var id = (string)batch["id"]!;

        _server.Time.Advance(TimeSpan.FromSeconds(1));
        var running = await Client.GetOkAsync($"v1/batches/{id}");
        _server.Time.Advance(TimeSpan.FromSeconds(59));
        var done = await Client.GetOkAsync($"v1/batches/{id}");
        using var output = await Client.GetAsync($"v1/files/{done["output_file_id"]}/content", Ct);
        var lines = (await output.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToArray();
        using var errors = await Client.GetAsync($"v1/files/{done["error_file_id"]}/content", Ct);

        Assert.StartsWith("batch_", id, StringComparison.Ordinal);
        Assert.Equal("validating", (string?)batch["status"]);
        Assert.Equal("in_progress", (string?)running["status"]);
        Assert.Equal("completed", (string?)done["status"]);
        Assert.Equal(3, (int)done["request_counts"]!["total"]!);
        Assert.Equal(2, (int)done["request_counts"]!["completed"]!);
        Assert.Equal(1, (int)done["request_counts"]!["failed"]!);
        Assert.Equal(["a", "b"], lines.Select(l => (string?)l["custom_id"]));
        Assert.Equal(200, (int)lines[0]["response"]!["status_code"]!);
        var usage = lines[0]["response"]!["body"]!["usage"]!;
        Assert.Equal(5, (int)usage["completion_tokens"]!);
        Assert.Equal((int)usage["prompt_tokens"]! + 5, (int)usage["total_tokens"]!);
        Assert.Equal("chat.completion", (string?)lines[1]["response"]!["body"]!["object"]);
        Assert.Equal(16, (int)lines[1]["response"]!["body"]!["usage"]!["completion_tokens"]!);
        Assert.Contains("model_not_found", await errors.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_FileWithAnotherPurposeOrUnknown_IsRefused()
    {
        var notBatch = await Client.UploadOkAsync("assistants", Lines);

        using var wrongPurpose = await Client.PostAsync("v1/batches",
            $$"""{"input_file_id":"{{notBatch["id"]}}","endpoint":"/v1/chat/completions","completion_window":"24h"}""");
        using var unknown = await Client.PostAsync("v1/batches", """{"input_file_id":"file-missing","endpoint":"/v1/chat/completions","completion_window":"24h"}""");

        Assert.Equal(HttpStatusCode.BadRequest, wrongPurpose.StatusCode);
        Assert.Equal("input_file_id", (string?)(await wrongPurpose.ReadJsonAsync())["error"]!["param"]);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Batch_Cancelled_StaysCancelledAndIsListed()
    {
        var input = await Client.UploadOkAsync("batch", Lines);
        var batch = await Client.PostOkAsync("openai/batches?api-version=2024-10-21",
            $$"""{"input_file_id":"{{input["id"]}}","endpoint":"/chat/completions","completion_window":"24h"}""");

        var cancelled = await Client.PostOkAsync($"v1/batches/{batch["id"]}/cancel", "{}");
        _server.Time.Advance(TimeSpan.FromMinutes(5));
        var listed = await Client.GetOkAsync("v1/batches?limit=1");
        using var again = await Client.PostAsync($"v1/batches/{batch["id"]}/cancel", "{}");

        Assert.Equal("cancelled", (string?)cancelled["status"]);
        Assert.Equal("cancelled", (string?)listed["data"]![0]!["status"]);
        Assert.Null(listed["data"]![0]!["output_file_id"]);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }
}
