using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Gateway.Rollouts;
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

    /// <summary>
    /// Creates (and starts) a rollout of <c>chat</c> to green with the given settings on top of these; green replaces
    /// the provisioned target unless the settings name another (<c>chat</c> has two targets of green's model, so the
    /// API needs to be told).
    /// </summary>
    protected async Task<JsonElement> StartRolloutAsync(object settings)
    {
        var body = JsonSerializer.SerializeToNode(settings, GatewayFactory.Json)!.AsObject();
        body["aliasId"] = ChatAliasId;
        body["toDeploymentId"] = GreenDeploymentId;
        body["fromDeploymentId"] ??= ProvisionedDeploymentId;
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

    protected async Task<JsonElement> FiguresAsync(Guid id)
    {
        using var response = await Admin.GetAsync($"/api/admin/rollouts/{id}/figures", Ct);
        return await ReadJsonAsync(response, HttpStatusCode.OK);
    }

    protected RolloutDriver Driver => Gateway.Services.GetRequiredService<RolloutDriver>();

    /// <summary>A client per new key of the team, each a client of its own to the rollout's per-client assignment.</summary>
    protected async Task<List<HttpClient>> ClientsAsync(int count)
    {
        var clients = new List<HttpClient>(count);
        for (var i = 0; i < count; i++)
        {
            var (_, secret) = await IssueKeyAsync(TeamId, new { name = $"app-{i}" });
            clients.Add(Gateway.CreateGatewayClient(secret));
        }

        await Gateway.ReloadAsync();
        return clients;
    }

    /// <summary>Each client sends one chat request per round; with <paramref name="expectAllOk"/>, each must be answered.</summary>
    protected async Task SendAsync(IEnumerable<HttpClient> clients, int rounds, bool expectAllOk)
    {
        for (var round = 0; round < rounds; round++)
        {
            foreach (var client in clients)
            {
                using var response = await ChatAsync(client);
                if (expectAllOk)
                {
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }
            }
        }
    }
}
