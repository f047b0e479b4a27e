using AiGateway.Gateway.Requests;

namespace AiGateway.Gateway.Tests.Requests;

public sealed class CompliancePolicyTests
{
    private static InspectedRequest Chat(int? maxTokens = null, int? maxCompletionTokens = null, int n = 1, params string[] properties) => new()
    {
        Operation = GatewayOperation.ChatCompletions,
        Model = "gpt-4o",
        MaxTokens = maxTokens,
        MaxCompletionTokens = maxCompletionTokens,
        N = n,
        TopLevelProperties = ["model", "messages", .. properties],
    };

    private static ComplianceOptions Options(MaxTokensMode mode = MaxTokensMode.Clamp) => new() { Mode = mode };

    [Fact]
    public void Apply_NothingToEnforce_PassesUntouched()
    {
        var error = CompliancePolicy.Apply(Chat(maxTokens: 100_000), Options(), maxTokensCap: null, out var clamped);

        Assert.Null(error);
        Assert.Null(clamped);
    }

    [Fact]
    public void Apply_NAboveMax_RefusedNamingN()
    {
        var error = CompliancePolicy.Apply(Chat(n: 9), Options(), null, out var clamped);

        Assert.NotNull(error);
        Assert.Equal(400, error.Status);
        Assert.Equal("n", error.Param);
        Assert.Equal("integer_above_max_value", error.Code);
        Assert.Equal("'n' must be at most 8 on this gateway; got 9.", error.Message);
        Assert.False(error.ShouldRetry);
        Assert.Null(clamped);
    }

    [Fact]
    public void Apply_NAtMax_Allowed()
    {
        Assert.Null(CompliancePolicy.Apply(Chat(n: 8), Options(), null, out _));
    }

    [Fact]
    public void Apply_BestOfAboveMax_RefusedNamingBestOf()
    {
        var request = new InspectedRequest { Operation = GatewayOperation.Completions, BestOf = 3, TopLevelProperties = ["prompt", "best_of"] };
        var options = new ComplianceOptions { MaxBestOf = 2 };

        var error = CompliancePolicy.Apply(request, options, null, out _);

        Assert.NotNull(error);
        Assert.Equal("best_of", error.Param);
        Assert.Equal("'best_of' must be at most 2 on this gateway; got 3.", error.Message);
        Assert.False(error.ShouldRetry);
    }

    [Fact]
    public void Apply_DisallowedParameterPresent_RefusedNamingIt()
    {
        var options = new ComplianceOptions { DisallowedParameters = ["tools", "logit_bias"] };

        var error = CompliancePolicy.Apply(Chat(0, null, 1, "temperature", "logit_bias"), options, null, out _);

        Assert.NotNull(error);
        Assert.Equal(400, error.Status);
        Assert.Equal("logit_bias", error.Param);
        Assert.Equal("parameter_not_allowed", error.Code);
        Assert.Contains("'logit_bias'", error.Message, StringComparison.Ordinal);
        Assert.False(error.ShouldRetry);
    }

    [Fact]
    public void Apply_DisallowedParameterAbsentOrDifferentCase_Allowed()
    {
        var options = new ComplianceOptions { DisallowedParameters = ["tools"] };

        Assert.Null(CompliancePolicy.Apply(Chat(0, null, 1, "Tools", "tool_choice"), options, null, out _));
    }

    [Fact]
    public void Apply_ClampModeAboveCap_ClampsToCap()
    {
        var error = CompliancePolicy.Apply(Chat(maxTokens: 10_000), Options(), 4096, out var clamped);

        Assert.Null(error);
        Assert.Equal(4096, clamped);
    }

    [Fact]
    public void Apply_ClampModeWithinCap_LeavesLimit()
    {
        var error = CompliancePolicy.Apply(Chat(maxCompletionTokens: 4096), Options(), 4096, out var clamped);

        Assert.Null(error);
        Assert.Null(clamped);
    }

    [Fact]
    public void Apply_ClampModeNoClientLimit_SetsCap()
    {
        var error = CompliancePolicy.Apply(Chat(), Options(), 2000, out var clamped);

        Assert.Null(error);
        Assert.Equal(2000, clamped);
    }

    [Fact]
    public void Apply_RejectModeAboveCap_RefusedNamingTheClientsField()
    {
        var error = CompliancePolicy.Apply(Chat(maxTokens: 10_000), Options(MaxTokensMode.Reject), 4096, out var clamped);

        Assert.NotNull(error);
        Assert.Equal(400, error.Status);
        Assert.Equal("max_tokens", error.Param);
        Assert.Equal("'max_tokens' must be at most 4096 for this key; got 10000.", error.Message);
        Assert.False(error.ShouldRetry);
        Assert.Null(clamped);
    }

    [Fact]
    public void Apply_RejectModeMaxCompletionTokensAboveCap_NamesMaxCompletionTokens()
    {
        var error = CompliancePolicy.Apply(Chat(maxCompletionTokens: 5000), Options(MaxTokensMode.Reject), 4096, out _);

        Assert.Equal("max_completion_tokens", error?.Param);
    }

    [Fact]
    public void Apply_RejectModeResponsesAboveCap_NamesMaxOutputTokens()
    {
        var request = new InspectedRequest { Operation = GatewayOperation.Responses, MaxOutputTokens = 9000, TopLevelProperties = ["input"] };

        var error = CompliancePolicy.Apply(request, Options(MaxTokensMode.Reject), 4096, out _);

        Assert.Equal("max_output_tokens", error?.Param);
        Assert.Equal("'max_output_tokens' must be at most 4096 for this key; got 9000.", error?.Message);
    }

    [Fact]
    public void Apply_RejectModeNoClientLimit_PassesWithoutClamp()
    {
        var error = CompliancePolicy.Apply(Chat(), Options(MaxTokensMode.Reject), 4096, out var clamped);

        Assert.Null(error);
        Assert.Null(clamped);
    }

    [Fact]
    public void Apply_SmallCompletionLimitButLargeMaxTokens_JudgedOnTheLarger()
    {
        var reject = CompliancePolicy.Apply(Chat(maxTokens: 9000, maxCompletionTokens: 100), Options(MaxTokensMode.Reject), 4096, out _);
        var clamp = CompliancePolicy.Apply(Chat(maxTokens: 9000, maxCompletionTokens: 100), Options(), 4096, out var clamped);

        Assert.Equal("max_tokens", reject?.Param);
        Assert.Null(clamp);
        Assert.Equal(4096, clamped);
    }

    [Fact]
    public void Apply_EmbeddingsWithCap_NoOutputLimitAdded()
    {
        var request = new InspectedRequest { Operation = GatewayOperation.Embeddings, TopLevelProperties = ["input"] };

        var error = CompliancePolicy.Apply(request, Options(), 4096, out var clamped);

        Assert.Null(error);
        Assert.Null(clamped);
    }

    [Fact]
    public void Apply_NegativeCap_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => CompliancePolicy.Apply(Chat(), Options(), -1, out _));
    }
}
