using AiGateway.Gateway.Backends;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Backends;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Portal.Tests.Components.Backends;

/// <summary>The "test connection" action against a real simulator on a loopback port, reached as the gateway reaches it.</summary>
public sealed class BackendConnectionTesterTests : PortalComponentTestBase, IAsyncLifetime
{
    private SimulatorHost _simulator = default!;
    private ServiceProvider _services = default!;

    private BackendConnectionTester Tester => _services.GetRequiredService<BackendConnectionTester>();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _simulator = await SimulatorHost.StartAsync();
        _services = ConnectionTesters.Create(Data, _simulator.Server);
    }

    // The base hides BunitContext.DisposeAsync; listing IAsyncLifetime again makes xunit call this one.
    public new async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _simulator.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task TestAsync_SelfBackendWithRightKey_SucceedsWithStatusAndLatency()
    {
        var deployment = await AddAsync(BackendService.SelfUrlPrefix + SimulatorHost.Prefix, SimulatorHost.ApiKey, SimulatorHost.ChatDeployment, "gpt-4o-mini");

        var result = await Tester.TestAsync(deployment.Id, Ct);

        Assert.True(result.Succeeded, result.Message);
        Assert.Equal(200, result.StatusCode);
        Assert.True(result.Latency > TimeSpan.Zero);
        Assert.Contains("chat completion", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestAsync_EmbeddingDeployment_SendsAnEmbeddingsRequest()
    {
        var deployment = await AddAsync(_simulator.BaseUrl, SimulatorHost.ApiKey, SimulatorHost.EmbeddingsDeployment, "text-embedding-3-small");

        var result = await Tester.TestAsync(deployment.Id, Ct);

        Assert.True(result.Succeeded, result.Message);
        Assert.Contains("embeddings", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestAsync_WrongKey_FailsWith401AndTheBackendsMessage()
    {
        var deployment = await AddAsync(_simulator.BaseUrl, "not-the-key", SimulatorHost.ChatDeployment, "gpt-4o-mini");

        var result = await Tester.TestAsync(deployment.Id, Ct);

        Assert.False(result.Succeeded);
        Assert.Equal(401, result.StatusCode);
        Assert.StartsWith("401", result.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-key", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TestAsync_UnknownDeploymentName_FailsWithTheBackendsAnswer()
    {
        var deployment = await AddAsync(_simulator.BaseUrl, SimulatorHost.ApiKey, "no-such-deployment", "gpt-4o-mini");

        var result = await Tester.TestAsync(deployment.Id, Ct);

        Assert.False(result.Succeeded);
        Assert.Equal(404, result.StatusCode);
    }

    [Fact]
    public async Task TestAsync_NothingListening_FailsWithoutAStatus()
    {
        var deployment = await AddAsync("http://127.0.0.1:9", SimulatorHost.ApiKey, SimulatorHost.ChatDeployment, "gpt-4o-mini");

        var result = await Tester.TestAsync(deployment.Id, Ct);

        Assert.False(result.Succeeded);
        Assert.Null(result.StatusCode);
        Assert.StartsWith("Could not reach the backend", result.Message, StringComparison.Ordinal);
    }

    private async Task<DeploymentView> AddAsync(string baseUrl, string apiKey, string deploymentName, string model)
    {
        var backend = await Data.GetRequiredService<BackendService>().CreateAsync(new BackendInput
        {
            Name = "sim-" + Guid.NewGuid().ToString("N")[..8],
            Kind = BackendKind.AzureOpenAI,
            BaseUrl = baseUrl,
            Region = "swedencentral",
            ApiKey = apiKey,
        }, "test", Ct);
        return await Data.GetRequiredService<DeploymentService>().CreateAsync(
            new DeploymentInput { BackendId = backend.Id, Name = deploymentName, Model = model }, "test", Ct);
    }
}
