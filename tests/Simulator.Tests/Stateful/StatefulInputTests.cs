using System.Net;

namespace AiGateway.Simulator.Tests.Stateful;

/// <summary>Odd but parseable input gets an answer or a 400, never a 500.</summary>
public sealed class StatefulInputTests : IAsyncLifetime
{
    private SimulatorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await SimulatorServer.StartAsync(s => s["Simulator:Stateful:JobSeconds"] = "1");

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client => _server.Client;

    [Fact]
    public async Task ResponseInputItem_WithANumericId_GetsAStringIdInInputItems()
    {
        var created = await Client.PostOkAsync("v1/responses", """{"model":"chat","input":[{"type":"function_call_output","id":5,"call_id":"c","output":"x"}]}""");

        var items = await Client.GetOkAsync($"v1/responses/{created["id"]}/input_items");

        Assert.StartsWith("fco_", (string?)items["first_id"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThreadMessage_WithOddParts_IsKeptAndARunStillCompletes()
    {
        var assistant = await Client.PostOkAsync("v1/assistants", """{"model":"chat"}""");
        var thread = await Client.PostOkAsync("v1/threads", "{}");
        await Client.PostOkAsync($"v1/threads/{thread["id"]}/messages", """{"role":"user","content":[{"type":7},{"type":"text","text":{"value":3}}]}""");
        await Client.PostOkAsync($"v1/threads/{thread["id"]}/runs", $$"""{"assistant_id":"{{assistant["id"]}}"}""");

        _server.Time.Advance(TimeSpan.FromSeconds(1));
        var messages = await Client.GetOkAsync($"v1/threads/{thread["id"]}/messages");

        Assert.Equal(2, messages["data"]!.AsArray().Count);
    }

    [Fact]
    public async Task BatchLine_WithANonObjectMessage_FailsThatLineOnly()
    {
        var input = await Client.UploadOkAsync("batch", """
            {"custom_id":"a","method":"POST","url":"/v1/chat/completions","body":{"model":"chat","messages":[1]}}
            {"custom_id":"b","method":"POST","url":"/v1/chat/completions","body":{"model":"chat","messages":[{"role":"user","content":"Hi"}],"tools":"x"}}
            not json
            """);
        var batch = await Client.PostOkAsync("v1/batches", $$"""{"input_file_id":"{{input["id"]}}","endpoint":"/v1/chat/completions","completion_window":"24h"}""");

        _server.Time.Advance(TimeSpan.FromSeconds(1));
        var done = await Client.GetOkAsync($"v1/batches/{batch["id"]}");

        Assert.Equal(1, (int)done["request_counts"]!["completed"]!);
        Assert.Equal(2, (int)done["request_counts"]!["failed"]!);
    }

    [Theory]
    [InlineData("v1/conversations", """{"items":"x"}""")]
    [InlineData("v1/conversations", """{"metadata":{"a":1}}""")]
    [InlineData("v1/conversations", "[1]")]
    [InlineData("v1/conversations", "{")]
    [InlineData("v1/vector_stores", """{"file_ids":[1]}""")]
    [InlineData("v1/batches", """{"input_file_id":1}""")]
    [InlineData("v1/assistants", "{}")]
    [InlineData("v1/threads", """{"messages":{}}""")]
    [InlineData("v1/responses", """{"model":"chat","input":"x","conversation":5}""")]
    [InlineData("v1/responses", """{"model":"chat","input":"x","previous_response_id":"resp_a","conversation":"conv_b"}""")]
    [InlineData("v1/responses", """{"model":"chat","input":"x","background":true,"store":false}""")]
    public async Task CreateCall_WithABadField_Returns400(string path, string json)
    {
        using var response = await Client.PostAsync(path, json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull((await response.ReadJsonAsync())["error"]!["message"]);
    }

    [Theory]
    [InlineData("v1/files?limit=0")]
    [InlineData("v1/files?limit=abc")]
    [InlineData("v1/vector_stores?order=sideways")]
    public async Task List_WithABadQuery_Returns400(string path)
    {
        using var response = await Client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
