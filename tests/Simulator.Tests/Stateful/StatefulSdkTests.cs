using System.ClientModel;
using System.ClientModel.Primitives;
using OpenAI;
using OpenAI.Assistants;
using OpenAI.Files;
using OpenAI.Responses;
using OpenAI.VectorStores;

// The Responses, Assistants and Vector Stores clients are marked experimental in the SDK; testing them is the point.
#pragma warning disable OPENAI001

namespace AiGateway.Simulator.Tests.Stateful;

/// <summary>The official OpenAI SDK, unmodified, parsing the stateful objects.</summary>
public sealed class StatefulSdkTests : IAsyncLifetime
{
    private SimulatorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await SimulatorServer.StartAsync(s => s["Simulator:Stateful:JobSeconds"] = "2");

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private OpenAIClient OpenAI() => new(new ApiKeyCredential(SimulatorServer.ApiKey), new OpenAIClientOptions
    {
        Endpoint = new Uri(_server.BaseAddress, "v1"),
        RetryPolicy = new ClientRetryPolicy(0),
    });

    [Fact]
    public async Task ResponsesClient_ChainGetAndDelete()
    {
        var client = OpenAI().GetResponsesClient();

        ResponseResult first = await client.CreateResponseAsync(new CreateResponseOptions("chat", [ResponseItem.CreateUserMessageItem("Hi")]), Ct);
        ResponseResult second = await client.CreateResponseAsync(new CreateResponseOptions("chat", [ResponseItem.CreateUserMessageItem("More")])
        {
            PreviousResponseId = first.Id,
        }, Ct);
        ResponseResult fetched = await client.GetResponseAsync(first.Id, Ct);
        var deleted = await client.DeleteResponseAsync(first.Id, Ct);

        Assert.Equal(first.Id, second.PreviousResponseId);
        Assert.Equal(first.GetOutputText(), fetched.GetOutputText());
        Assert.True(deleted.Value.Deleted);
    }

    [Fact]
    public async Task FileClient_UploadDownloadDelete()
    {
        var client = OpenAI().GetOpenAIFileClient();

        OpenAIFile file = await client.UploadFileAsync(BinaryData.FromString("hello").ToStream(), "hello.txt", FileUploadPurpose.Assistants, Ct);
        OpenAIFile fetched = await client.GetFileAsync(file.Id, Ct);
        BinaryData content = await client.DownloadFileAsync(file.Id, Ct);
        FileDeletionResult deleted = await client.DeleteFileAsync(file.Id, Ct);

        Assert.Equal("hello.txt", fetched.Filename);
        Assert.Equal(5, fetched.SizeInBytes);
        Assert.Equal("hello", content.ToString());
        Assert.True(deleted.Deleted);
    }

    [Fact]
    public async Task VectorStoreClient_CreateWithAFile()
    {
        OpenAIFile file = await OpenAI().GetOpenAIFileClient().UploadFileAsync(BinaryData.FromString("hello").ToStream(), "hello.txt", FileUploadPurpose.Assistants, Ct);
        var client = OpenAI().GetVectorStoreClient();

        VectorStore store = await client.CreateVectorStoreAsync(new VectorStoreCreationOptions { Name = "docs", FileIds = { file.Id } }, Ct);
        _server.Time.Advance(TimeSpan.FromSeconds(2));
        VectorStore ready = await client.GetVectorStoreAsync(store.Id, Ct);

        Assert.Equal(VectorStoreStatus.InProgress, store.Status);
        Assert.Equal(VectorStoreStatus.Completed, ready.Status);
        Assert.Equal(1, ready.FileCounts.Completed);
    }

    [Fact]
    public async Task AssistantClient_RunCompletesWithUsage()
    {
        var client = OpenAI().GetAssistantClient();

        Assistant assistant = await client.CreateAssistantAsync("chat", new AssistantCreationOptions { Name = "helper" }, Ct);
        AssistantThread thread = await client.CreateThreadAsync(cancellationToken: Ct);
        await client.CreateMessageAsync(thread.Id, global::OpenAI.Assistants.MessageRole.User, [MessageContent.FromText("Hi")], cancellationToken: Ct);
        ThreadRun run = await client.CreateRunAsync(thread.Id, assistant.Id, cancellationToken: Ct);
        _server.Time.Advance(TimeSpan.FromSeconds(2));
        ThreadRun done = await client.GetRunAsync(thread.Id, run.Id, Ct);

        Assert.Equal(RunStatus.Queued, run.Status);
        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Equal(16, done.Usage.OutputTokenCount);
    }
}
