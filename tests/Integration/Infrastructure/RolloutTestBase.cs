using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Integration.Infrastructure;

/// <summary>
/// The gateway test set-up plus a green deployment on a simulator of its own (its own backend, so its faults and its
/// circuit are its own), ready to be rolled out to on the <c>chat</c> alias.
/// </summary>
public abstract class RolloutTestBase(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    : GatewayTestBase(settings, services)
{
    public const string GreenDeployment = "green-chat";

    protected SimulatorBackend GreenSimulator { get; private set; } = null!;
    protected Guid GreenDeploymentId { get; private set; }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        GreenSimulator = await SimulatorBackend.StartAsync(GreenDeployment);
        var backend = await CreateAsync("/api/admin/backends", new
        {
            name = "sim-green",
            kind = "AzureOpenAI",
            baseUrl = GreenSimulator.BaseAddress.ToString(),
            region = "swedencentral",
            tier = "Standard",
            credentialKind = "ApiKey",
            apiKey = SimulatorBackend.ApiKey,
            apiVersion = "2024-10-21",
        });
        GreenDeploymentId = await CreateDeploymentAsync(backend, GreenDeployment, "gpt-4o-mini");
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await GreenSimulator.DisposeAsync();
    }

    /// <summary>Creates (and starts) a rollout of <c>chat</c> to green with the given settings on top of these.</summary>
    protected async Task<JsonElement> StartRolloutAsync(object settings)
    {
        var body = JsonSerializer.SerializeToNode(settings, GatewayFactory.Json)!.AsObject();
        body["aliasId"] = ChatAliasId;
        body["toDeploymentId"] = GreenDeploymentId;
        body["start"] = true;
        using var response = await Admin.PostAsJsonAsync("/api/admin/rollouts", body, GatewayFactory.Json, Ct);
        var rollout = await ReadJsonAsync(response, HttpStatusCode.Created);
        await Gateway.ReloadAsync();
        return rollout;
    }

    protected async Task<JsonElement> RolloutAsync(Guid id)
    {
        using var response = await Admin.GetAsync($"/api/admin/rollouts/{id}", Ct);
        return await ReadJsonAsync(response, HttpStatusCode.OK);
    }
}
