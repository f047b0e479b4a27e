using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using Azure.AI.OpenAI.Chat;
using Microsoft.ML.Tokenizers;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using OpenAI.Responses;

// The Responses API is marked experimental in the SDK; testing it is the point.
#pragma warning disable OPENAI001

namespace AiGateway.Simulator.Tests;

/// <summary>The official SDKs, unmodified, pointed at the simulator by endpoint only.</summary>
public sealed class SdkCompatibilityTests : IAsyncLifetime
{
    private static readonly TiktokenTokenizer Tokenizer = TiktokenTokenizer.CreateForModel("gpt-4o");
    private SimulatorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await SimulatorServer.StartAsync();

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private OpenAIClient OpenAI() => new(new ApiKeyCredential(SimulatorServer.ApiKey), new OpenAIClientOptions
    {
        Endpoint = new Uri(_server.BaseAddress, "v1"),
        RetryPolicy = new ClientRetryPolicy(0),
    });

    private AzureOpenAIClient Azure() => new(_server.BaseAddress, new ApiKeyCredential(SimulatorServer.ApiKey), new AzureOpenAIClientOptions
    {
        RetryPolicy = new ClientRetryPolicy(0),
    });

    [Fact]
    public async Task OpenAIChatClient_CompleteChat_ParsesContentUsageAndFinishReason()
    {
        var client = OpenAI().GetChatClient("chat");

        ChatCompletion completion = await client.CompleteChatAsync(
            [new SystemChatMessage("You are terse."), new UserChatMessage("Say hello")],
            new ChatCompletionOptions { MaxOutputTokenCount = 7 }, Ct);

        var text = completion.Content[0].Text;
        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal("gpt-4o-mini-2024-07-18", completion.Model);
        Assert.StartsWith("chatcmpl-", completion.Id, StringComparison.Ordinal);
        Assert.Equal(7, completion.Usage.OutputTokenCount);
        Assert.Equal(Tokenizer.CountTokens(text), completion.Usage.OutputTokenCount);
        Assert.Equal(ExpectedChatPrompt(("system", "You are terse."), ("user", "Say hello")), completion.Usage.InputTokenCount);
        Assert.Equal(completion.Usage.InputTokenCount + completion.Usage.OutputTokenCount, completion.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task OpenAIChatClient_CompleteChatStreaming_ParsesDeltasAndFinalUsage()
    {
        var client = OpenAI().GetChatClient("chat");
        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;

        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Stream please")], cancellationToken: Ct))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        // No maximum named: the configured default length, and a natural stop.
        Assert.Equal(ChatFinishReason.Stop, finish);
        Assert.NotNull(usage);
        Assert.Equal(16, usage.OutputTokenCount);
        Assert.Equal(Tokenizer.CountTokens(text.ToString()), usage.OutputTokenCount);
        Assert.Equal(ExpectedChatPrompt(("user", "Stream please")), usage.InputTokenCount);
    }

    [Fact]
    public async Task AzureChatClient_CompleteChat_ParsesContentUsageAndFinishReason()
    {
        var client = Azure().GetChatClient("chat");

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Hello Azure")], new ChatCompletionOptions { MaxOutputTokenCount = 12 }, Ct);

        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(12, completion.Usage.OutputTokenCount);
        Assert.Equal(Tokenizer.CountTokens(completion.Content[0].Text), completion.Usage.OutputTokenCount);
        Assert.Equal(ExpectedChatPrompt(("user", "Hello Azure")), completion.Usage.InputTokenCount);
#pragma warning disable AOAI001 // Azure's content filter accessors are marked experimental.
        var promptFilter = completion.GetRequestContentFilterResult();
#pragma warning restore AOAI001
        Assert.NotNull(promptFilter);
        Assert.False(promptFilter.Hate.Filtered);
    }

    [Fact]
    public async Task AzureChatClient_CompleteChatStreaming_ParsesDeltasAndUsage()
    {
        var client = Azure().GetChatClient("chat");
        var text = new System.Text.StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;

        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Hello stream")], new ChatCompletionOptions { MaxOutputTokenCount = 9 }, Ct))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        Assert.Equal(ChatFinishReason.Length, finish);
        Assert.NotNull(usage);
        Assert.Equal(9, usage.OutputTokenCount);
        Assert.Equal(Tokenizer.CountTokens(text.ToString()), usage.OutputTokenCount);
        Assert.Equal(ExpectedChatPrompt(("user", "Hello stream")), usage.InputTokenCount);
    }

    [Fact]
    public async Task OpenAIEmbeddingClient_GenerateEmbeddings_ParsesBase64VectorsAndUsage()
    {
        var client = OpenAI().GetEmbeddingClient("embed");

        OpenAIEmbeddingCollection embeddings = await client.GenerateEmbeddingsAsync(["first text", "second text"], cancellationToken: Ct);

        Assert.Equal(2, embeddings.Count);
        foreach (var embedding in embeddings)
        {
            var vector = embedding.ToFloats().Span;
            Assert.Equal(1536, vector.Length);
            Assert.Equal(1.0, Math.Sqrt(vector.ToArray().Sum(v => (double)v * v)), 3);
        }

        Assert.NotEqual(embeddings[0].ToFloats().ToArray(), embeddings[1].ToFloats().ToArray());
        Assert.Equal(Tokenizer.CountTokens("first text") + Tokenizer.CountTokens("second text"), embeddings.Usage.InputTokenCount);
        Assert.Equal(embeddings.Usage.InputTokenCount, embeddings.Usage.TotalTokenCount);
    }

    [Fact]
    public async Task AzureEmbeddingClient_GenerateEmbeddingWithDimensions_ReturnsShortenedVector()
    {
        var client = Azure().GetEmbeddingClient("embed");

        OpenAIEmbedding embedding = await client.GenerateEmbeddingAsync("shorter", new EmbeddingGenerationOptions { Dimensions = 256 }, Ct);

        Assert.Equal(256, embedding.ToFloats().Length);
    }

    [Fact]
    public async Task OpenAIResponsesClient_CreateResponse_ParsesOutputAndUsage()
    {
        var client = OpenAI().GetResponsesClient();

        ResponseResult response = await client.CreateResponseAsync(new CreateResponseOptions("chat", [ResponseItem.CreateUserMessageItem("Tell me something")]), Ct);

        var text = response.GetOutputText();
        Assert.False(string.IsNullOrWhiteSpace(text));
        Assert.Equal(ResponseStatus.Completed, response.Status);
        Assert.Equal(16, response.Usage.OutputTokenCount);
        Assert.Equal(Tokenizer.CountTokens(text), response.Usage.OutputTokenCount);
        Assert.Equal(response.Usage.InputTokenCount + response.Usage.OutputTokenCount, response.Usage.TotalTokenCount);
        Assert.True(response.Usage.InputTokenCount > Tokenizer.CountTokens("Tell me something"));
    }

    [Fact]
    public async Task OpenAIResponsesClient_CreateResponseStreaming_ParsesDeltasAndCompletedUsage()
    {
        var client = OpenAI().GetResponsesClient();
        var text = new System.Text.StringBuilder();
        ResponseResult? completed = null;

        await foreach (var update in await client.CreateResponseStreamingAsync(new CreateResponseOptions("chat", [ResponseItem.CreateUserMessageItem("Stream it")])
        {
            StreamingEnabled = true,
        }, Ct))
        {
            switch (update)
            {
                case StreamingResponseOutputTextDeltaUpdate delta:
                    text.Append(delta.Delta);
                    break;
                case StreamingResponseCompletedUpdate done:
                    completed = done.Response;
                    break;
            }
        }

        Assert.NotNull(completed);
        Assert.Equal(text.ToString(), completed.GetOutputText());
        Assert.Equal(Tokenizer.CountTokens(text.ToString()), completed.Usage.OutputTokenCount);
        Assert.Equal(16, completed.Usage.OutputTokenCount);
    }

    // Azure.AI.OpenAI 2.9.0-beta.1's GetResponsesClient() throws MissingMethodException with OpenAI 2.15 (an SDK
    // mismatch). Azure's own guidance for its v1 API is the plain OpenAI client on {resource}/openai/v1, tested here.
    [Fact]
    public async Task OpenAIResponsesClient_AzureV1Endpoint_ParsesIncompleteOutputAndUsage()
    {
        var client = new OpenAIClient(new ApiKeyCredential(SimulatorServer.ApiKey), new OpenAIClientOptions
        {
            Endpoint = new Uri(_server.BaseAddress, "openai/v1"),
            RetryPolicy = new ClientRetryPolicy(0),
        }).GetResponsesClient();

        ResponseResult response = await client.CreateResponseAsync(new CreateResponseOptions("chat", [ResponseItem.CreateUserMessageItem("Hello from Azure")])
        {
            MaxOutputTokenCount = 20,
        }, Ct);

        Assert.Equal(ResponseStatus.Incomplete, response.Status);
        Assert.Equal(20, response.Usage.OutputTokenCount);
        Assert.Equal(Tokenizer.CountTokens(response.GetOutputText()), response.Usage.OutputTokenCount);
    }

    [Fact]
    public async Task OpenAIModelClient_GetModels_ListsDeployments()
    {
        var models = await OpenAI().GetOpenAIModelClient().GetModelsAsync(Ct);

        Assert.Equal(["chat", "embed"], models.Value.Select(m => m.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task OpenAIChatClient_WrongKey_ThrowsWith401()
    {
        var client = new OpenAIClient(new ApiKeyCredential("wrong"), new OpenAIClientOptions
        {
            Endpoint = new Uri(_server.BaseAddress, "v1"),
            RetryPolicy = new ClientRetryPolicy(0),
        }).GetChatClient("chat");

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage("hi")], cancellationToken: Ct));

        Assert.Equal(401, error.Status);
        Assert.Contains("Access denied", error.Message, StringComparison.Ordinal);
    }

    /// <summary>OpenAI's documented count for gpt-4o: 3 per message plus its role and content, plus 3 for the reply.</summary>
    private static int ExpectedChatPrompt(params (string Role, string Content)[] messages) =>
        3 + messages.Sum(m => 3 + Tokenizer.CountTokens(m.Role) + Tokenizer.CountTokens(m.Content));
}
