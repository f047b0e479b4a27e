using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using AiGateway.Integration.Infrastructure;
using Azure.AI.OpenAI;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using OpenAI.Models;

namespace AiGateway.Integration.Gateway;

/// <summary>
/// The official SDKs, unmodified but for endpoint and key, against the gateway in front of the simulator: the
/// OpenAI .NET SDK on both v1 shapes (key as a bearer token) and Azure.AI.OpenAI on the classic shape (key in
/// <c>api-key</c>), streamed and not.
/// </summary>
public sealed class SdkCompatibilityTests : GatewayTestBase
{
    private OpenAIClient OpenAI(string path) => new(new ApiKeyCredential(Key), new OpenAIClientOptions
    {
        Endpoint = new Uri(Gateway.BaseAddress, path),
        RetryPolicy = new ClientRetryPolicy(0),
    });

    private AzureOpenAIClient Azure() => new(Gateway.BaseAddress, new ApiKeyCredential(Key), new AzureOpenAIClientOptions
    {
        RetryPolicy = new ClientRetryPolicy(0),
    });

    [Theory]
    [InlineData("v1")]
    [InlineData("openai/v1")]
    public async Task OpenAIChatClient_CompleteChat_AnswersThroughTheGateway(string path)
    {
        var client = OpenAI(path).GetChatClient(ChatAlias);

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Say hello")], new ChatCompletionOptions { MaxOutputTokenCount = 6 }, Ct);

        Assert.False(string.IsNullOrWhiteSpace(completion.Content[0].Text));
        Assert.Equal(6, completion.Usage.OutputTokenCount);
        Assert.Equal(ChatFinishReason.Length, completion.FinishReason);
        Assert.Equal(1, await Simulator.RequestsAsync(ProvisionedDeployment) + await Simulator.RequestsAsync(StandardDeployment));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("openai/v1")]
    public async Task OpenAIChatClient_CompleteChatStreaming_StreamsDeltasAndUsage(string path)
    {
        var client = OpenAI(path).GetChatClient(ChatAlias);
        var text = new StringBuilder();
        ChatTokenUsage? usage = null;
        ChatFinishReason? finish = null;

        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Stream please")], new ChatCompletionOptions { MaxOutputTokenCount = 5 }, Ct))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }

        Assert.False(string.IsNullOrWhiteSpace(text.ToString()));
        Assert.Equal(ChatFinishReason.Length, finish);
        Assert.NotNull(usage);
        Assert.Equal(5, usage.OutputTokenCount);
    }

    [Fact]
    public async Task OpenAIEmbeddingClient_GenerateEmbedding_ReturnsTheVector()
    {
        var client = OpenAI("v1").GetEmbeddingClient(EmbeddingsAlias);

        OpenAIEmbedding embedding = await client.GenerateEmbeddingAsync("the gateway", cancellationToken: Ct);

        Assert.Equal(1536, embedding.ToFloats().Length);
        Assert.Equal(1, await Simulator.RequestsAsync(EmbeddingsDeployment));
    }

    [Theory]
    [InlineData("v1")]
    [InlineData("openai/v1")]
    public async Task OpenAIModelClient_GetModels_ListsTheAliasesTheKeyMayUse(string path)
    {
        var client = OpenAI(path).GetOpenAIModelClient();

        OpenAIModelCollection models = await client.GetModelsAsync(Ct);

        Assert.Equal([ChatAlias, EmbeddingsAlias], models.Select(m => m.Id));
        Assert.All(models, m => Assert.Equal("system", m.OwnedBy));
        Assert.All(models, m => Assert.True(m.CreatedAt > DateTimeOffset.UnixEpoch));
        Assert.Equal(0, await Simulator.TotalRequestsAsync());
    }

    [Fact]
    public async Task OpenAIModelClient_GetModel_ReturnsOneAliasAndRefusesAnUnknownOne()
    {
        var client = OpenAI("v1").GetOpenAIModelClient();

        OpenAIModel model = await client.GetModelAsync(ChatAlias, Ct);
        var unknown = await Assert.ThrowsAsync<ClientResultException>(() => client.GetModelAsync("gpt-5-nonexistent", Ct));

        Assert.Equal(ChatAlias, model.Id);
        Assert.Equal(404, unknown.Status);
        Assert.Contains("model_not_found", unknown.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AzureOpenAIChatClient_CompleteChat_AnswersOnTheClassicPath()
    {
        var client = Azure().GetChatClient(ChatAlias);

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Say hello")], new ChatCompletionOptions { MaxOutputTokenCount = 4 }, Ct);

        Assert.False(string.IsNullOrWhiteSpace(completion.Content[0].Text));
        Assert.Equal(4, completion.Usage.OutputTokenCount);
        Assert.Equal("gpt-4o-mini-2024-07-18", completion.Model);
    }

    [Fact]
    public async Task AzureOpenAIChatClient_CompleteChatStreaming_StreamsOnTheClassicPath()
    {
        var client = Azure().GetChatClient(ChatAlias);
        var text = new StringBuilder();
        ChatFinishReason? finish = null;

        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage("Stream please")], new ChatCompletionOptions { MaxOutputTokenCount = 5 }, Ct))
        {
            foreach (var part in update.ContentUpdate)
            {
                text.Append(part.Text);
            }

            finish ??= update.FinishReason;
        }

        Assert.False(string.IsNullOrWhiteSpace(text.ToString()));
        Assert.Equal(ChatFinishReason.Length, finish);
    }

    [Fact]
    public async Task AzureOpenAIEmbeddingClient_GenerateEmbedding_AnswersOnTheClassicPath()
    {
        var client = Azure().GetEmbeddingClient(EmbeddingsAlias);

        OpenAIEmbedding embedding = await client.GenerateEmbeddingAsync("the gateway", cancellationToken: Ct);

        Assert.Equal(1536, embedding.ToFloats().Length);
    }
}
