using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Net;
using System.Text;
using AiGateway.Gateway.Metering;
using AiGateway.Integration.Infrastructure;
using Azure.AI.OpenAI;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using OpenAI.Models;

namespace AiGateway.Integration.Gateway;

/// <summary>
/// The official SDKs, unmodified but for endpoint and key, against the gateway in front of the simulator: the
/// OpenAI .NET SDK on both v1 shapes (key as a bearer token) and Azure.AI.OpenAI on the classic shape (key in
/// <c>api-key</c>), streamed and not; and each SDK, its own retry policy left on, given up at once on an exhausted
/// budget, the <c>openai</c> npm package included.
/// </summary>
public sealed class SdkCompatibilityTests : GatewayTestBase
{
    /// <summary>What the budget tests give an SDK before it must have failed; only a bound, the requests it sent are the proof.</summary>
    private static readonly TimeSpan GiveUpWithin = TimeSpan.FromSeconds(10);

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

    [Fact]
    public async Task OpenAIChatClient_DailyBudgetExhausted_FailsAtOnceWithoutRetrying()
    {
        await ExhaustDailyBudgetAsync();
        var client = new OpenAIClient(new ApiKeyCredential(Key), new OpenAIClientOptions { Endpoint = new Uri(Gateway.BaseAddress, "v1") })
            .GetChatClient(ChatAlias);

        var (error, elapsed) = await FailsAsync(ct => client.CompleteChatAsync([new UserChatMessage("Say hello")], new ChatCompletionOptions { MaxOutputTokenCount = 25 }, ct));

        AssertBudgetRefusal(error, elapsed);
    }

    [Fact]
    public async Task AzureOpenAIChatClient_DailyBudgetExhausted_FailsAtOnceWithoutRetrying()
    {
        await ExhaustDailyBudgetAsync();
        var client = new AzureOpenAIClient(Gateway.BaseAddress, new ApiKeyCredential(Key)).GetChatClient(ChatAlias);

        var (error, elapsed) = await FailsAsync(ct => client.CompleteChatAsync([new UserChatMessage("Say hello")], new ChatCompletionOptions { MaxOutputTokenCount = 25 }, ct));

        AssertBudgetRefusal(error, elapsed);
    }

    [Theory]
    [InlineData("openai", "openai")]
    [InlineData("openai", "azure")]
    [InlineData("openai-v4", "openai")]
    [InlineData("openai-v4", "azure")]
    public async Task NodeOpenAI_DailyBudgetExhausted_FailsAtOnceWithoutRetrying(string package, string shape)
    {
        await ExhaustDailyBudgetAsync();

        var result = await NodeSdk.CallAsync(package, shape, Gateway.BaseAddress, Key, ChatAlias, maxTokens: 25);

        Assert.False(result.GetProperty("ok").GetBoolean());
        Assert.Equal(403, result.GetProperty("status").GetInt32());
        Assert.Equal("daily_token_budget_exceeded", result.GetProperty("code").GetString());
        Assert.Equal("insufficient_quota", result.GetProperty("type").GetString());
        Assert.Contains("daily token budget", result.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, result.GetProperty("requests").GetInt32());
        Assert.InRange(result.GetProperty("elapsedMs").GetInt32(), 0, (int)GiveUpWithin.TotalMilliseconds);
        Assert.Equal(1, QuotaRefusals());
    }

    /// <summary>A daily budget of 40 tokens, most of it used by one small request; a request for 25 more cannot fit.</summary>
    private async Task ExhaustDailyBudgetAsync()
    {
        await CreateAsync("/api/admin/quota-policies", new { scope = "Team", teamId = TeamId, dailyTokenBudget = 40 });
        await Gateway.ReloadAsync();
        using var first = await ChatAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
    }

    /// <summary>
    /// Runs an SDK call that must fail, with a cancellation far beyond <see cref="GiveUpWithin"/>: an SDK that obeys a
    /// retry-after of hours would otherwise hold the test for hours.
    /// </summary>
    private static async Task<(ClientResultException Error, TimeSpan Elapsed)> FailsAsync(Func<CancellationToken, Task> call)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        patience.CancelAfter(GiveUpWithin * 3);
        var started = Stopwatch.GetTimestamp();
        var error = await Assert.ThrowsAsync<ClientResultException>(() => call(patience.Token));
        return (error, Stopwatch.GetElapsedTime(started));
    }

    private void AssertBudgetRefusal(ClientResultException error, TimeSpan elapsed)
    {
        Assert.Equal(403, error.Status);
        Assert.Contains("daily_token_budget_exceeded", error.Message, StringComparison.Ordinal);
        Assert.Contains("daily token budget", error.Message, StringComparison.Ordinal);
        // The SDK sent one request and gave up: every retry would have been refused, and logged, again.
        Assert.Equal(1, QuotaRefusals());
        Assert.InRange(elapsed, TimeSpan.Zero, GiveUpWithin);
    }

    private int QuotaRefusals() =>
        Gateway.Services.GetRequiredService<ThrottleLog>().Recent().Count(e => e.Kind == ThrottleLogKind.QuotaRefusal);
}
