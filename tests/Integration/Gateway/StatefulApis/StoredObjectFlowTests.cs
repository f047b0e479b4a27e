using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using AiGateway.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Integration.Gateway.StatefulApis;

/// <summary>
/// Files, vector stores, batches and image jobs over two round-robin simulators: each object is created on one
/// deployment, and every later call about it (or about what it names) stays there.
/// </summary>
public sealed class StoredObjectFlowTests : RoundRobinTestBase
{
    [Fact]
    public async Task FileToVectorStoreToBatch_StaysOnTheFilesOwner()
    {
        var before = await TotalsAsync();
        var fileId = await UploadBatchFileAsync(Client);
        var afterUpload = await TotalsAsync();
        var ownerIsFirst = afterUpload.First > before.First;

        using var store = await Client.PostAsJsonAsync("/v1/vector_stores", new { name = "docs", file_ids = new[] { fileId } }, Ct);
        var storeId = (await ReadJsonAsync(store, HttpStatusCode.OK)).GetProperty("id").GetString();
        using var storeFiles = await Client.GetAsync($"/v1/vector_stores/{storeId}/files", Ct);
        await ReadJsonAsync(storeFiles, HttpStatusCode.OK);
        using var batch = await Client.PostAsJsonAsync("/v1/batches", new { input_file_id = fileId, endpoint = "/v1/chat/completions", completion_window = "24h" }, Ct);
        var batchId = (await ReadJsonAsync(batch, HttpStatusCode.OK)).GetProperty("id").GetString();
        FinishJobs();
        using var polled = await Client.GetAsync($"/v1/batches/{batchId}", Ct);
        var finished = await ReadJsonAsync(polled, HttpStatusCode.OK);
        Assert.Equal("completed", finished.GetProperty("status").GetString());
        using var output = await Client.GetAsync($"/v1/files/{finished.GetProperty("output_file_id").GetString()}/content", Ct);
        Assert.Equal(HttpStatusCode.OK, output.StatusCode);
        Assert.Contains("\"custom_id\":\"r1\"", await output.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var again = await Client.GetAsync($"/v1/batches/{batchId}", Ct);
        await ReadJsonAsync(again, HttpStatusCode.OK);

        var after = await TotalsAsync();
        Assert.Equal(ownerIsFirst ? afterUpload.Second : afterUpload.First, ownerIsFirst ? after.Second : after.First);
        var database = await Gateway.StopAsync();
        await using var db = database();
        var billed = Assert.Single(await db.UsageRecords.Where(r => r.Operation == "batches.completed").ToListAsync(Ct));
        Assert.Equal(TeamId, billed.TeamId);
        Assert.True(billed.PromptTokens > 0 && billed.CompletionTokens > 0);
        Assert.All(await db.UsageRecords.Where(r => r.Operation == "files.create" || r.Operation == "vector_stores.create").ToListAsync(Ct),
            r => Assert.Equal(0, r.PromptTokens + r.CompletionTokens));
    }

    [Fact]
    public async Task Lists_AnswerOnlyWhatTheCallerOwns_AndAnotherTeamsFileIs404()
    {
        var mine = new HashSet<string>();
        for (var i = 0; i < 4; i++)
        {
            mine.Add(await UploadBatchFileAsync(Client));
        }

        var otherTeam = await CreateAsync("/api/admin/teams", new { name = "Fabrikam" });
        var (_, otherKey) = await IssueKeyAsync(otherTeam);
        await Gateway.ReloadAsync();
        using var other = Gateway.CreateGatewayClient(otherKey);
        var theirs = await UploadBatchFileAsync(other);

        using var list = await Client.GetAsync("/v1/files", Ct);
        var listed = (await ReadJsonAsync(list, HttpStatusCode.OK)).GetProperty("data").EnumerateArray().Select(f => f.GetProperty("id").GetString()!).ToHashSet();
        using var theirList = await other.GetAsync("/openai/v1/files", Ct);
        var theirListed = (await ReadJsonAsync(theirList, HttpStatusCode.OK)).GetProperty("data").EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToList();
        using var read = await other.GetAsync($"/v1/files/{mine.First()}", Ct);
        using var batch = await other.PostAsJsonAsync("/v1/batches", new { input_file_id = mine.First(), endpoint = "/v1/chat/completions", completion_window = "24h" }, Ct);

        Assert.Equal(mine, listed);
        Assert.Equal([theirs], theirListed);
        Assert.Equal("not_found", (await ErrorAsync(read, HttpStatusCode.NotFound)).GetProperty("code").GetString());
        Assert.Equal("not_found", (await ErrorAsync(batch, HttpStatusCode.NotFound)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task ImageJob_OperationLocationPointsAtTheGateway_AndIsPolledOnTheOwnerToCompletion()
    {
        for (var i = 0; i < 3; i++)
        {
            using var submitted = await Client.PostAsJsonAsync("/openai/images/generations:submit?api-version=2024-10-21", new { prompt = "a lighthouse", n = 1 }, Ct);
            Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
            var location = new Uri(Header(submitted, "operation-location"));
            Assert.Equal(Gateway.BaseAddress.GetLeftPart(UriPartial.Authority), location.GetLeftPart(UriPartial.Authority));
            Assert.StartsWith("/openai/operations/images/", location.AbsolutePath, StringComparison.Ordinal);

            using var running = await Client.GetAsync(location, Ct);
            Assert.NotEqual("succeeded", (await ReadJsonAsync(running, HttpStatusCode.OK)).GetProperty("status").GetString());
            FinishJobs();
            using var done = await Client.GetAsync(location, Ct);
            Assert.Equal("succeeded", (await ReadJsonAsync(done, HttpStatusCode.OK)).GetProperty("status").GetString());
        }
    }

    [Fact]
    public async Task AssistantThreadAndRun_StayOnTheAssistantsOwner()
    {
        using var assistant = await Client.PostAsJsonAsync("/v1/assistants", new { model = StandardDeployment, name = "helper" }, Ct);
        var assistantId = (await ReadJsonAsync(assistant, HttpStatusCode.OK)).GetProperty("id").GetString();
        using var thread = await Client.PostAsJsonAsync("/v1/threads", new { messages = new[] { new { role = "user", content = "Hello" } } }, Ct);
        var threadId = (await ReadJsonAsync(thread, HttpStatusCode.OK)).GetProperty("id").GetString();

        // A team's objects that name no alias land on its home deployment, so its thread's run finds its assistant there.
        using var run = await Client.PostAsJsonAsync($"/v1/threads/{threadId}/runs", new { assistant_id = assistantId }, Ct);
        using var readAssistant = await Client.GetAsync($"/v1/assistants/{assistantId}", Ct);
        using var readThread = await Client.GetAsync($"/v1/threads/{threadId}/messages", Ct);

        var runId = (await ReadJsonAsync(run, HttpStatusCode.OK)).GetProperty("id").GetString();
        await ReadJsonAsync(readAssistant, HttpStatusCode.OK);
        await ReadJsonAsync(readThread, HttpStatusCode.OK);
        FinishJobs();
        for (var poll = 0; poll < 2; poll++)
        {
            using var finished = await Client.GetAsync($"/v1/threads/{threadId}/runs/{runId}", Ct);
            Assert.Equal("completed", (await ReadJsonAsync(finished, HttpStatusCode.OK)).GetProperty("status").GetString());
        }

        var database = await Gateway.StopAsync();
        await using var db = database();
        var billed = Assert.Single(await db.UsageRecords.Where(r => r.Operation == "threads.runs.completed").ToListAsync(Ct));
        Assert.True(billed.CompletionTokens > 0);
    }

    private static async Task<string> UploadBatchFileAsync(HttpClient client)
    {
        var line = JsonSerializer.Serialize(new
        {
            custom_id = "r1",
            method = "POST",
            url = "/v1/chat/completions",
            body = new { model = StandardDeployment, messages = new[] { new { role = "user", content = "Hi" } }, max_tokens = 5 },
        });
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("batch"), "purpose");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(line + "\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("application/jsonl");
        form.Add(file, "file", "requests.jsonl");
        using var response = await client.PostAsync("/v1/files", form, Ct);
        return (await ReadJsonAsync(response, HttpStatusCode.OK)).GetProperty("id").GetString()!;
    }
}
