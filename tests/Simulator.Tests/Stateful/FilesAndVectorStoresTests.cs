using System.Net;
using System.Text;

namespace AiGateway.Simulator.Tests.Stateful;

/// <summary>Files uploaded as multipart streams, and vector stores built from them.</summary>
public sealed class FilesAndVectorStoresTests : IAsyncLifetime
{
    private SimulatorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await SimulatorServer.StartAsync(s =>
    {
        s["Simulator:Stateful:JobSeconds"] = "5";
        s["Simulator:Stateful:MaxFileBytes"] = "100000";
        s["Simulator:Stateful:MaxStoredFileBytes"] = "250000";
    });

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client => _server.Client;

    [Fact]
    public async Task UploadFile_ThenListGetContentAndDelete()
    {
        var uploaded = await Client.UploadOkAsync("assistants", "The gateway pins stateful calls.", "notes.txt");
        var id = (string)uploaded["id"]!;

        var listed = await Client.GetOkAsync("v1/files?purpose=assistants");
        var other = await Client.GetOkAsync("v1/files?purpose=batch");
        var fetched = await Client.GetOkAsync($"v1/files/{id}");
        using var content = await Client.GetAsync($"v1/files/{id}/content", Ct);
        var deleted = await Client.DeleteOkAsync($"v1/files/{id}");
        using var gone = await Client.GetAsync($"v1/files/{id}", Ct);

        Assert.StartsWith("file-", id, StringComparison.Ordinal);
        Assert.Equal("file", (string?)uploaded["object"]);
        Assert.Equal(32, (int)uploaded["bytes"]!);
        Assert.Equal("notes.txt", (string?)uploaded["filename"]);
        Assert.Equal("assistants", (string?)uploaded["purpose"]);
        Assert.Equal(id, (string?)listed["data"]![0]!["id"]);
        Assert.Empty(other["data"]!.AsArray());
        Assert.Equal(id, (string?)fetched["id"]);
        Assert.Equal("The gateway pins stateful calls.", await content.Content.ReadAsStringAsync(Ct));
        Assert.True((bool)deleted["deleted"]!);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal($"No such File object: {id}", (string?)(await gone.ReadJsonAsync())["error"]!["message"]);
    }

    [Fact]
    public async Task UploadFile_OverMaxFileBytes_Returns413WithOpenAIError()
    {
        using var response = await Client.UploadAsync("v1/files", "assistants", new byte[100_001]);
        var error = (await response.ReadJsonAsync())["error"]!;

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("file", (string?)error["param"]);
        Assert.Equal("invalid_request_error", (string?)error["type"]);
    }

    [Fact]
    public async Task UploadFile_PastMaxStoredFileBytes_EvictsTheOldestFile()
    {
        var first = await Client.UploadAsync("v1/files", "assistants", new byte[100_000]);
        var firstId = (string)(await first.ReadJsonAsync())["id"]!;
        for (var i = 0; i < 2; i++)
        {
            using var next = await Client.UploadAsync("v1/files", "assistants", new byte[100_000]);
            Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        }

        using var evicted = await Client.GetAsync($"v1/files/{firstId}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, evicted.StatusCode);
        Assert.Equal(2, (await Client.GetOkAsync("v1/files"))["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task UploadFile_WithoutPurposeOrWithAnUnknownOne_Returns400()
    {
        using var unknown = await Client.UploadAsync("v1/files", "nonsense", Encoding.UTF8.GetBytes("x"));
        using var notMultipart = await Client.PostAsync("v1/files", "{}");

        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("purpose", (string?)(await unknown.ReadJsonAsync())["error"]!["param"]);
        Assert.Equal(HttpStatusCode.BadRequest, notMultipart.StatusCode);
    }

    [Fact]
    public async Task UploadFile_OnTheAzureClassicPath_IsServed()
    {
        using var response = await Client.UploadAsync("openai/files?api-version=2024-10-21", "batch", Encoding.UTF8.GetBytes("{}"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task VectorStoreFile_FromAnUploadedFile_CompletesAfterTheJobTimeAndIsSearchable()
    {
        var file = await Client.UploadOkAsync("assistants", "Canary weights decide which deployment answers.", "guide.md");
        var fileId = (string)file["id"]!;
        var store = await Client.PostOkAsync("v1/vector_stores", """{"name":"docs"}""");
        var storeId = (string)store["id"]!;

        var attached = await Client.PostOkAsync($"v1/vector_stores/{storeId}/files", $$"""{"file_id":"{{fileId}}"}""");
        var whileIndexing = await Client.GetOkAsync($"v1/vector_stores/{storeId}");
        _server.Time.Advance(TimeSpan.FromSeconds(5));
        var indexed = await Client.GetOkAsync($"v1/vector_stores/{storeId}/files/{fileId}");
        var ready = await Client.GetOkAsync($"v1/vector_stores/{storeId}");
        var found = await Client.PostOkAsync($"v1/vector_stores/{storeId}/search", """{"query":"canary weights"}""");
        var listed = await Client.GetOkAsync($"v1/vector_stores/{storeId}/files");

        Assert.StartsWith("vs_", storeId, StringComparison.Ordinal);
        Assert.Equal("vector_store.file", (string?)attached["object"]);
        Assert.Equal("in_progress", (string?)attached["status"]);
        Assert.Equal("in_progress", (string?)whileIndexing["status"]);
        Assert.Equal("completed", (string?)indexed["status"]);
        Assert.Equal("completed", (string?)ready["status"]);
        Assert.Equal(1, (int)ready["file_counts"]!["completed"]!);
        Assert.Equal(fileId, (string?)found["data"]![0]!["file_id"]);
        Assert.Contains("Canary", (string?)found["data"]![0]!["content"]![0]!["text"], StringComparison.Ordinal);
        Assert.Equal(fileId, (string?)listed["first_id"]);
    }

    [Fact]
    public async Task VectorStoreFile_UnknownFile_Returns404AndAnUnknownStoreToo()
    {
        var store = await Client.PostOkAsync("v1/vector_stores", "{}");

        using var unknownFile = await Client.PostAsync($"v1/vector_stores/{store["id"]}/files", """{"file_id":"file-missing"}""");
        using var unknownStore = await Client.GetAsync("v1/vector_stores/vs_missing", Ct);
        using var createWithUnknown = await Client.PostAsync("v1/vector_stores", """{"file_ids":["file-missing"]}""");

        Assert.Equal(HttpStatusCode.NotFound, unknownFile.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknownStore.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, createWithUnknown.StatusCode);
    }

    [Fact]
    public async Task VectorStore_UpdateListAndDelete()
    {
        var store = await Client.PostOkAsync("v1/vector_stores", """{"name":"a"}""");
        var id = (string)store["id"]!;

        var renamed = await Client.PostOkAsync($"v1/vector_stores/{id}", """{"name":"b","metadata":{"team":"x"}}""");
        var listed = await Client.GetOkAsync("v1/vector_stores");
        var deleted = await Client.DeleteOkAsync($"v1/vector_stores/{id}");

        Assert.Equal("b", (string?)renamed["name"]);
        Assert.Equal("x", (string?)renamed["metadata"]!["team"]);
        Assert.Equal(id, (string?)listed["first_id"]);
        Assert.Equal("vector_store.deleted", (string?)deleted["object"]);
    }
}
