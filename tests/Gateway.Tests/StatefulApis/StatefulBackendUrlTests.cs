using AiGateway.Gateway.Context;
using AiGateway.Gateway.StatefulApis;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Shared.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace AiGateway.Gateway.Tests.StatefulApis;

public sealed class StatefulBackendUrlTests
{
    private static QueryCollection Query(params (string Name, string Value)[] pairs) =>
        new(pairs.ToDictionary(p => p.Name, p => new StringValues(p.Value)));

    [Fact]
    public void Build_V1ShapeOnAzure_UsesAzuresV1Path_AndKeepsTheListQuery()
    {
        var backend = TestTargets.Backend();

        var url = StatefulBackendUrl.Build("https://aoai.example.com/", backend, GatewaySurface.OpenAIV1, "files", Query(("limit", "5")));

        Assert.Equal("https://aoai.example.com/openai/v1/files?limit=5", url);
    }

    [Fact]
    public void Build_ClassicShapeOnAzure_KeepsTheClientsApiVersion()
    {
        var backend = TestTargets.Backend();

        var url = StatefulBackendUrl.Build("https://aoai.example.com", backend, GatewaySurface.AzureClassic, "operations/images/j1", Query(("api-version", "2024-02-01")));

        Assert.Equal("https://aoai.example.com/openai/operations/images/j1?api-version=2024-02-01", url);
    }

    [Fact]
    public void Build_ClassicShapeWithoutApiVersion_UsesTheBackends()
    {
        var backend = TestTargets.Backend(apiVersion: "2024-10-21");

        var url = StatefulBackendUrl.Build("https://aoai.example.com", backend, GatewaySurface.AzureClassic, "assistants", Query());

        Assert.Equal("https://aoai.example.com/openai/assistants?api-version=2024-10-21", url);
    }

    [Fact]
    public void Build_OpenAIBackend_AppendsThePathToItsV1Base_WithoutApiVersion()
    {
        var backend = TestTargets.Backend(kind: BackendKind.OpenAI, baseUrl: "https://api.example.com/v1");

        var url = StatefulBackendUrl.Build("https://api.example.com/v1", backend, GatewaySurface.AzureV1, "responses/resp_1", Query(("api-version", "preview")));

        Assert.Equal("https://api.example.com/v1/responses/resp_1", url);
    }

    [Fact]
    public void RewriteOperationLocation_PointsAtTheGatewaysAddress_WithTheSamePathAndQuery()
    {
        var http = new DefaultHttpContext();
        http.Request.Scheme = "https";
        http.Request.Host = new HostString("gateway.example.com");

        var rewritten = StatefulBackendUrl.RewriteOperationLocation(
            "https://aoai.example.com/sim/openai/operations/images/j1?api-version=2024-02-01", "https://aoai.example.com/sim", http.Request);

        Assert.Equal("https://gateway.example.com/openai/operations/images/j1?api-version=2024-02-01", rewritten);
    }
}
