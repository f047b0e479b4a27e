using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Requests;
using AiGateway.Shared.Model;
using Microsoft.Extensions.Primitives;
using static AiGateway.Gateway.Tests.Backends.TestTargets;

namespace AiGateway.Gateway.Tests.Forwarding;

public sealed class BackendRequestFactoryTests
{
    private const string AzureBase = "https://contoso.openai.azure.com";
    private static readonly KeyValuePair<string, StringValues>[] NoQuery = [];

    [Theory]
    [InlineData(GatewayOperation.ChatCompletions, "chat/completions")]
    [InlineData(GatewayOperation.Completions, "completions")]
    [InlineData(GatewayOperation.Embeddings, "embeddings")]
    public void BuildUrl_AzureBackend_UsesDeploymentPathAndBackendApiVersion(GatewayOperation operation, string path)
    {
        var (backend, target) = Azure("gpt-4o-prod", apiVersion: "2025-01-01-preview");

        var url = BuildUrl(backend, target, operation, NoQuery);

        Assert.Equal($"{AzureBase}/openai/deployments/gpt-4o-prod/{path}?api-version=2025-01-01-preview", url);
    }

    [Fact]
    public void BuildUrl_AzureBackendAndClientApiVersion_SendsBackendApiVersionOnly()
    {
        var (backend, target) = Azure("gpt-4o", apiVersion: "2024-10-21");
        KeyValuePair<string, StringValues>[] query = [new("api-version", "2023-05-15"), new("API-Version", "2022-12-01")];

        var url = BuildUrl(backend, target, GatewayOperation.ChatCompletions, query);

        Assert.Equal($"{AzureBase}/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21", url);
    }

    [Fact]
    public void BuildUrl_AzureBackendAndOtherClientParameters_KeepsThemEscaped()
    {
        var (backend, target) = Azure("gpt-4o", apiVersion: "2024-10-21");
        KeyValuePair<string, StringValues>[] query =
        [
            new("api-version", "2023-05-15"),
            new("trace", new StringValues(["a b", "c&d=e"])),
            new("flag", ""),
        ];

        var url = BuildUrl(backend, target, GatewayOperation.Embeddings, query);

        Assert.Equal(
            $"{AzureBase}/openai/deployments/gpt-4o/embeddings?api-version=2024-10-21&trace=a%20b&trace=c%26d%3De&flag=",
            url);
    }

    [Fact]
    public void BuildUrl_AzureDeploymentNameWithReservedCharacters_EscapesIt()
    {
        var (backend, target) = Azure("team a/gpt?4o#x", apiVersion: "2024-10-21");

        var url = BuildUrl(backend, target, GatewayOperation.ChatCompletions, NoQuery);

        Assert.Equal($"{AzureBase}/openai/deployments/team%20a%2Fgpt%3F4o%23x/chat/completions?api-version=2024-10-21", url);
    }

    [Fact]
    public void BuildUrl_AzureResponses_UsesV1PathWithoutDeploymentOrApiVersion()
    {
        var (backend, target) = Azure("gpt-4o", apiVersion: "2024-10-21");
        KeyValuePair<string, StringValues>[] query = [new("api-version", "preview")];

        var url = BuildUrl(backend, target, GatewayOperation.Responses, query);

        Assert.Equal($"{AzureBase}/openai/v1/responses", url);
    }

    [Theory]
    [InlineData(BackendKind.OpenAI, GatewayOperation.ChatCompletions, "chat/completions")]
    [InlineData(BackendKind.OpenAI, GatewayOperation.Completions, "completions")]
    [InlineData(BackendKind.OpenAI, GatewayOperation.Embeddings, "embeddings")]
    [InlineData(BackendKind.OpenAI, GatewayOperation.Responses, "responses")]
    [InlineData(BackendKind.OpenAICompatible, GatewayOperation.ChatCompletions, "chat/completions")]
    [InlineData(BackendKind.OpenAICompatible, GatewayOperation.Responses, "responses")]
    public void BuildUrl_OpenAIShapedBackend_AppendsOperationToBase(BackendKind kind, GatewayOperation operation, string path)
    {
        const string BaseUrl = "http://127.0.0.1:11434/v1";
        var backend = Backend(kind: kind, baseUrl: BaseUrl);
        var target = Target(backend, deploymentName: "llama3.1:8b");
        KeyValuePair<string, StringValues>[] query = [new("api-version", "2024-10-21")];

        var url = BuildUrl(backend, target, operation, query);

        Assert.Equal($"{BaseUrl}/{path}", url);
    }

    [Fact]
    public void BuildUrl_UnknownOperation_Throws()
    {
        var (backend, target) = Azure("gpt-4o", apiVersion: "2024-10-21");

        Assert.Throws<ArgumentOutOfRangeException>(() => BuildUrl(backend, target, (GatewayOperation)99, NoQuery));
    }

    private static (BackendEntry Backend, AliasTargetEntry Target) Azure(string deploymentName, string apiVersion)
    {
        var backend = Backend(kind: BackendKind.AzureOpenAI, baseUrl: AzureBase, apiVersion: apiVersion);
        return (backend, Target(backend, deploymentName: deploymentName));
    }

    private static string BuildUrl(
        BackendEntry backend,
        AliasTargetEntry target,
        GatewayOperation operation,
        IEnumerable<KeyValuePair<string, StringValues>> query) =>
        BackendRequestFactory.BuildUrl(backend.BaseUrl, backend, target, operation, query);
}
