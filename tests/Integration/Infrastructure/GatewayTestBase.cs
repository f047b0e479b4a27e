using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Integration.Infrastructure;

/// <summary>
/// One gateway and one simulator per test, configured through the management API the way an admin would: a team
/// with a key, a provisioned backend and a standard one (both on the simulator), the alias <c>chat</c> over a
/// deployment on each, and the alias <c>embeddings</c>.
/// </summary>
public abstract class GatewayTestBase : IAsyncLifetime
{
    public const string ChatAlias = "chat";
    public const string EmbeddingsAlias = "embeddings";
    public const string ProvisionedDeployment = "ptu-chat";
    public const string StandardDeployment = "paygo-chat";
    public const string EmbeddingsDeployment = "embed-small";

    private readonly IReadOnlyDictionary<string, string?>? _settings;
    private readonly Action<IServiceCollection>? _services;

    /// <param name="settings">Configuration for the gateway, on top of the factory's own.</param>
    /// <param name="services">Test-only service registrations, applied after the product's.</param>
    protected GatewayTestBase(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        _settings = settings;
        _services = services;
    }

    protected SimulatorBackend Simulator { get; private set; } = null!;
    protected GatewayFactory Gateway { get; private set; } = null!;
    protected HttpClient Admin { get; private set; } = null!;

    /// <summary>A client sending the team's key in <c>api-key</c>.</summary>
    protected HttpClient Client { get; private set; } = null!;

    protected string Key { get; private set; } = "";
    protected Guid KeyId { get; private set; }
    protected Guid TeamId { get; private set; }
    protected Guid ChatAliasId { get; private set; }
    protected Guid ProvisionedDeploymentId { get; private set; }
    protected Guid StandardDeploymentId { get; private set; }

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync()
    {
        Simulator = await SimulatorBackend.StartAsync(ProvisionedDeployment, StandardDeployment, EmbeddingsDeployment);
        Gateway = new GatewayFactory(_settings, _services);
        Admin = Gateway.CreateAdminClient();

        TeamId = await CreateAsync("/api/admin/teams", new { name = "Contoso Search" });
        var ptu = await CreateBackendAsync("sim-ptu", "Provisioned", "swedencentral");
        var paygo = await CreateBackendAsync("sim-paygo", "Standard", "eastus");
        ProvisionedDeploymentId = await CreateDeploymentAsync(ptu, ProvisionedDeployment, "gpt-4o-mini");
        StandardDeploymentId = await CreateDeploymentAsync(paygo, StandardDeployment, "gpt-4o-mini");
        var embed = await CreateDeploymentAsync(paygo, EmbeddingsDeployment, "text-embedding-3-small");
        ChatAliasId = await CreateAsync("/api/admin/aliases", new
        {
            name = ChatAlias,
            targets = new[] { new { deploymentId = ProvisionedDeploymentId, weight = 1 }, new { deploymentId = StandardDeploymentId, weight = 1 } },
        });
        await CreateAsync("/api/admin/aliases", new { name = EmbeddingsAlias, targets = new[] { new { deploymentId = embed, weight = 1 } } });
        (KeyId, Key) = await IssueKeyAsync(TeamId);

        await Gateway.ReloadAsync();
        Client = Gateway.CreateGatewayClient(Key);
    }

    public virtual async ValueTask DisposeAsync()
    {
        Client.Dispose();
        Admin.Dispose();
        await Gateway.DisposeAsync();
        await Simulator.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    protected async Task<(Guid Id, string Secret)> IssueKeyAsync(Guid teamId, object? body = null)
    {
        using var response = await Admin.PostAsJsonAsync($"/api/admin/teams/{teamId}/keys", body ?? new { name = "app" }, GatewayFactory.Json, Ct);
        var issued = await ReadJsonAsync(response, HttpStatusCode.Created);
        return (issued.GetProperty("key").GetProperty("id").GetGuid(), issued.GetProperty("secret").GetString()!);
    }

    protected async Task<Guid> CreateBackendAsync(string name, string tier, string region) =>
        await CreateAsync("/api/admin/backends", new
        {
            name,
            kind = "AzureOpenAI",
            baseUrl = Simulator.BaseAddress.ToString(),
            region,
            tier,
            credentialKind = "ApiKey",
            apiKey = SimulatorBackend.ApiKey,
            apiVersion = "2024-10-21",
        });

    protected async Task<Guid> CreateDeploymentAsync(Guid backendId, string name, string model) =>
        await CreateAsync("/api/admin/deployments", new { backendId, name, model, modelVersion = "2024-07-18", price = new { inputPer1K = 0.00015m, outputPer1K = 0.0006m } });

    /// <summary>POSTs to the management API, expects 201, returns the new resource's id.</summary>
    protected async Task<Guid> CreateAsync(string url, object body)
    {
        using var response = await Admin.PostAsJsonAsync(url, body, GatewayFactory.Json, Ct);
        return (await ReadJsonAsync(response, HttpStatusCode.Created)).GetProperty("id").GetGuid();
    }

    protected static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>A chat request on the OpenAI v1 shape.</summary>
    protected Task<HttpResponseMessage> ChatAsync(HttpClient? client = null, object? body = null) =>
        (client ?? Client).PostAsJsonAsync("/v1/chat/completions", body ?? new
        {
            model = ChatAlias,
            messages = new[] { new { role = "user", content = "Say hello" } },
            max_tokens = 5,
        }, Ct);

    protected static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : "";

    /// <summary>The OpenAI error body's <c>error</c> object, after checking the status.</summary>
    protected static async Task<JsonElement> ErrorAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var error = await ReadJsonAsync(response, expected);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return error.GetProperty("error");
    }
}
