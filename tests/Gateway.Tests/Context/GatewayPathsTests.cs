using AiGateway.Gateway.Context;

namespace AiGateway.Gateway.Tests.Context;

public sealed class GatewayPathsTests
{
    [Theory]
    [InlineData("/v1", true)]
    [InlineData("/v1/chat/completions", true)]
    [InlineData("/openai", true)]
    [InlineData("/OPENAI/deployments/x/embeddings", true)]
    [InlineData("//v1/models", false)]
    [InlineData("///openai/models", false)]
    public void IsGatewayPath_GatewayPrefix_IsOneAndSaysWhetherWellFormed(string path, bool wellFormed)
    {
        Assert.True(GatewayPaths.IsGatewayPath(path, out var formed));
        Assert.Equal(wellFormed, formed);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/")]
    [InlineData("//")]
    [InlineData("/v10/models")]
    [InlineData("/openai-docs")]
    [InlineData("/api/admin/aliases")]
    [InlineData("/simulator/openai/deployments/x/chat/completions")]
    public void IsGatewayPath_OtherPath_IsNot(string? path)
    {
        Assert.False(GatewayPaths.IsGatewayPath(path, out _));
    }
}
