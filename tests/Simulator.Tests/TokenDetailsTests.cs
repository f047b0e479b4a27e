namespace AiGateway.Simulator.Tests;

/// <summary>A deployment that reports cached prompt tokens and reasoning tokens, and answers in the tier asked for.</summary>
public sealed class TokenDetailsTests : IAsyncLifetime
{
    private SimulatorServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await SimulatorServer.StartAsync(settings =>
    {
        settings["Simulator:Deployments:chat:CachedPromptPercent"] = "50";
        settings["Simulator:Deployments:chat:ReasoningPercent"] = "25";
    });

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    [Fact]
    public async Task Chat_DeploymentWithCacheAndReasoningShares_ReportsThemInTheBodyUsage()
    {
        using var response = await _server.Client.PostAsync(Wire.ChatPath,
            """{"messages":[{"role":"user","content":"Tell me a long story about the sea"}],"max_tokens":8,"service_tier":"priority"}""");
        var body = Wire.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        var usage = body.GetProperty("usage");
        var prompt = usage.GetProperty("prompt_tokens").GetInt32();
        Assert.Equal(prompt / 2, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
        Assert.Equal(8, usage.GetProperty("completion_tokens").GetInt32());
        Assert.Equal(2, usage.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());
        Assert.Equal("priority", body.GetProperty("service_tier").GetString());
    }

    [Fact]
    public async Task ChatStream_NamedTier_EchoedInEveryChunk_AndDetailsInTheUsageChunk()
    {
        using var response = await _server.Client.PostAsync(Wire.ChatPath,
            """{"messages":[{"role":"user","content":"Hi there, how are you"}],"max_tokens":4,"stream":true,"stream_options":{"include_usage":true},"service_tier":"flex"}""");
        var raw = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        var chunks = raw.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[..^1].Select(f => Wire.Parse(f["data: ".Length..])).ToArray();
        // Azure's first frame carries only the prompt's filter results; every chunk of the answer names the tier.
        Assert.All(chunks[1..], c => Assert.Equal("flex", c.GetProperty("service_tier").GetString()));
        var usage = chunks[^1].GetProperty("usage");
        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32() / 2, usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
        Assert.Equal(1, usage.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());
    }

    [Fact]
    public async Task PatchConfig_CacheShare_ChangesTheNextAnswer()
    {
        using var patch = await _server.Client.PatchConfigAsync("""{"deployments":{"chat":{"cachedPromptPercent":100,"reasoningPercent":0}}}""");
        patch.EnsureSuccessStatusCode();

        using var response = await _server.Client.PostAsync(Wire.ChatPath, """{"messages":[{"role":"user","content":"Hi"}],"max_tokens":2}""");
        var usage = Wire.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).GetProperty("usage");

        Assert.Equal(usage.GetProperty("prompt_tokens").GetInt32(), usage.GetProperty("prompt_tokens_details").GetProperty("cached_tokens").GetInt32());
        Assert.Equal(0, usage.GetProperty("completion_tokens_details").GetProperty("reasoning_tokens").GetInt32());
    }
}
