using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Gateway.StatefulApis;

/// <summary>
/// Two simulators behind one alias, chosen at random per request, each knowing only the responses it created: every
/// call that names a stored response reaches its owner, and no other team can use it.
/// </summary>
public sealed class ResponsesOwnershipTests : GatewayTestBase
{
    private const string RoundRobinAlias = "round-robin";
    private SimulatorBackend _second = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _second = await SimulatorBackend.StartAsync(StandardDeployment);
        var backend = await CreateAsync("/api/admin/backends", new
        {
            name = "sim-second",
            kind = "AzureOpenAI",
            baseUrl = _second.BaseAddress.ToString(),
            region = "eastus",
            tier = "Standard",
            credentialKind = "ApiKey",
            apiKey = SimulatorBackend.ApiKey,
            apiVersion = "2024-10-21",
        });
        var deployment = await CreateDeploymentAsync(backend, StandardDeployment, "gpt-4o-mini");
        await CreateAsync("/api/admin/aliases", new
        {
            name = RoundRobinAlias,
            targets = new[] { new { deploymentId = StandardDeploymentId, weight = 1 }, new { deploymentId = deployment, weight = 1 } },
        });
        await Gateway.ReloadAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await _second.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task TwentyMultiTurnConversations_AllSucceed()
    {
        for (var conversation = 0; conversation < 20; conversation++)
        {
            string? previous = null;
            for (var turn = 0; turn < 3; turn++)
            {
                using var response = await Client.PostAsJsonAsync("/v1/responses", Turn(previous), Ct);
                var body = await ReadJsonAsync(response, HttpStatusCode.OK);
                previous = body.GetProperty("id").GetString();
            }
        }
    }

    [Fact]
    public async Task GetAndDelete_ReachTheOwner()
    {
        for (var i = 0; i < 6; i++)
        {
            using var created = await Client.PostAsJsonAsync("/v1/responses", Turn(null), Ct);
            var id = (await ReadJsonAsync(created, HttpStatusCode.OK)).GetProperty("id").GetString();

            using var read = await Client.GetAsync($"/v1/responses/{id}", Ct);
            Assert.Equal(id, (await ReadJsonAsync(read, HttpStatusCode.OK)).GetProperty("id").GetString());
            using var items = await Client.GetAsync($"/v1/responses/{id}/input_items", Ct);
            await ReadJsonAsync(items, HttpStatusCode.OK);
            using var deleted = await Client.DeleteAsync($"/openai/v1/responses/{id}", Ct);
            await ReadJsonAsync(deleted, HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task AnotherTeamsResponse_Is404LikeAnUnknownOne()
    {
        using var created = await Client.PostAsJsonAsync("/v1/responses", Turn(null), Ct);
        var id = (await ReadJsonAsync(created, HttpStatusCode.OK)).GetProperty("id").GetString();
        var otherTeam = await CreateAsync("/api/admin/teams", new { name = "Fabrikam" });
        var (_, otherKey) = await IssueKeyAsync(otherTeam);
        await Gateway.ReloadAsync();
        using var other = Gateway.CreateGatewayClient(otherKey);
        var before = await Simulator.TotalRequestsAsync() + await _second.TotalRequestsAsync();

        using var read = await other.GetAsync($"/v1/responses/{id}", Ct);
        using var followUp = await other.PostAsJsonAsync("/v1/responses", Turn(id), Ct);
        using var unknown = await Client.GetAsync("/v1/responses/resp_unknown", Ct);

        Assert.Equal("not_found", (await ErrorAsync(read, HttpStatusCode.NotFound)).GetProperty("code").GetString());
        Assert.Equal("not_found", (await ErrorAsync(followUp, HttpStatusCode.NotFound)).GetProperty("code").GetString());
        Assert.Equal("not_found", (await ErrorAsync(unknown, HttpStatusCode.NotFound)).GetProperty("code").GetString());
        Assert.Equal(before, await Simulator.TotalRequestsAsync() + await _second.TotalRequestsAsync());
    }

    private static object Turn(string? previous) => previous is null
        ? new { model = RoundRobinAlias, input = "Hello", max_output_tokens = 8 }
        : new { model = RoundRobinAlias, input = "And then?", max_output_tokens = 8, previous_response_id = previous };
}
