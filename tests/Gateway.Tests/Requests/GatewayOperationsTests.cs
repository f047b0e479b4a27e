using AiGateway.Gateway.Requests;

namespace AiGateway.Gateway.Tests.Requests;

public sealed class GatewayOperationsTests
{
    [Theory]
    [InlineData("chat/completions", GatewayOperation.ChatCompletions)]
    [InlineData("chat/completions/", GatewayOperation.ChatCompletions)]
    [InlineData("completions", GatewayOperation.Completions)]
    [InlineData("embeddings", GatewayOperation.Embeddings)]
    [InlineData("embeddings/", GatewayOperation.Embeddings)]
    [InlineData("responses", GatewayOperation.Responses)]
    public void TryParse_KnownSuffix_ReturnsOperation(string suffix, GatewayOperation expected)
    {
        Assert.True(GatewayOperations.TryParse(suffix, out var op));
        Assert.Equal(expected, op);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("Chat/Completions")]
    [InlineData("chat/completions//")]
    [InlineData("/chat/completions")]
    [InlineData("chat")]
    [InlineData("images/generations")]
    [InlineData("responses/resp_123")]
    public void TryParse_OtherSuffix_ReturnsFalse(string? suffix)
    {
        Assert.False(GatewayOperations.TryParse(suffix, out _));
    }

    [Theory]
    [InlineData(GatewayOperation.ChatCompletions, "messages")]
    [InlineData(GatewayOperation.Completions, "prompt")]
    [InlineData(GatewayOperation.Embeddings, "input")]
    [InlineData(GatewayOperation.Responses, "input")]
    public void RequiredField_EachOperation_NamesTheWireField(GatewayOperation operation, string field)
    {
        Assert.Equal(field, operation.RequiredField());
    }
}
