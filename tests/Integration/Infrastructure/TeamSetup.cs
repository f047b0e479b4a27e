using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace AiGateway.Integration.Infrastructure;

/// <summary>What an admin does first, through the management API: a team that can call one simulator deployment.</summary>
internal static class TeamSetup
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// A team with a per-minute request limit, a backend on the simulator with one deployment, an alias over it and a
    /// key, made with <paramref name="admin"/> (a client holding the bootstrap token). Returns the team and the key.
    /// </summary>
    public static async Task<(Guid TeamId, string Key)> ConfigureAsync(
        HttpClient admin, SimulatorBackend simulator, string team, string backend, string deployment, string alias, int requestsPerMinute)
    {
        var teamId = await CreateAsync(admin, "/api/admin/teams", new { name = team });
        var backendId = await CreateAsync(admin, "/api/admin/backends", new
        {
            name = backend,
            kind = "AzureOpenAI",
            baseUrl = simulator.BaseAddress.ToString(),
            region = "swedencentral",
            tier = "Standard",
            credentialKind = "ApiKey",
            apiKey = SimulatorBackend.ApiKey,
        });
        var deploymentId = await CreateAsync(admin, "/api/admin/deployments", new { backendId, name = deployment, model = "gpt-4o-mini", price = new { inputPer1K = 0.00015m, outputPer1K = 0.0006m } });
        await CreateAsync(admin, "/api/admin/aliases", new { name = alias, targets = new[] { new { deploymentId, weight = 1 } } });
        await CreateAsync(admin, "/api/admin/quota-policies", new { scope = "Team", teamId, requestsPerMinute });
        using var issued = await admin.PostAsJsonAsync($"/api/admin/teams/{teamId}/keys", new { name = "cluster" }, GatewayFactory.Json, Ct);
        issued.EnsureSuccessStatusCode();
        var key = JsonDocument.Parse(await issued.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("secret").GetString()!;
        return (teamId, key);
    }

    private static async Task<Guid> CreateAsync(HttpClient admin, string url, object body)
    {
        using var response = await admin.PostAsJsonAsync(url, body, GatewayFactory.Json, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{url}: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("id").GetGuid();
    }
}
