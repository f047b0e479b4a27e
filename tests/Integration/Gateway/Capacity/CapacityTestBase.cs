using System.Net;
using System.Net.Http.Json;
using AiGateway.Gateway.Capacity;
using AiGateway.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Integration.Gateway.Capacity;

/// <summary>
/// The gateway over the simulator with teams of each priority class, and helpers to publish an alias with capacity
/// settings over simulator deployments that have set limits.
/// </summary>
public abstract class CapacityTestBase(IReadOnlyDictionary<string, string?>? settings = null) : GatewayTestBase(settings)
{
    protected CapacityQueues Queues => Gateway.Services.GetRequiredService<CapacityQueues>();

    /// <summary>A team of <paramref name="priority"/> with a key, and a gateway client holding it.</summary>
    protected async Task<HttpClient> ClientOfAsync(string team, string priority)
    {
        var teamId = await CreateAsync("/api/admin/teams", new { name = team, priority });
        var (_, secret) = await IssueKeyAsync(teamId);
        return Gateway.CreateGatewayClient(secret);
    }

    /// <summary>A provisioned backend on the simulator with one deployment of its, configured at the given capacity.</summary>
    protected async Task<Guid> LimitedDeploymentAsync(string backend, string simulatorDeployment, int? requestsPerMinute = null, int? tokensPerMinute = null)
    {
        var backendId = await CreateBackendAsync(backend, "Provisioned", "swedencentral");
        return await CreateAsync("/api/admin/deployments", new
        {
            backendId,
            name = simulatorDeployment,
            model = "gpt-4o-mini",
            modelVersion = "2024-07-18",
            capacityRequestsPerMinute = requestsPerMinute,
            capacityTokensPerMinute = tokensPerMinute,
            price = new { inputPer1K = 0.00015m, outputPer1K = 0.0006m },
        });
    }

    protected async Task AliasAsync(string name, object settings, params Guid[] deployments)
    {
        var body = new Dictionary<string, object?>
        {
            ["name"] = name,
            ["targets"] = deployments.Select(d => new { deploymentId = d, weight = 1, priorityTier = 0 }).ToArray(),
        };
        foreach (var property in settings.GetType().GetProperties())
        {
            body[property.Name] = property.GetValue(settings);
        }

        await CreateAsync("/api/admin/aliases", body);
        await Gateway.ReloadAsync();
    }

    /// <summary>Moves the gateway's clock to one second into the next minute, so a test knows when its window turns.</summary>
    protected void StartOfMinute()
    {
        Gateway.Clock.Advance(CapacityMinute.UntilNext(Gateway.Clock.GetUtcNow()) + TimeSpan.FromSeconds(1));
        Gateway.Clock.ForgetTimers();
    }

    protected static Task<HttpResponseMessage> CallAsync(HttpClient client, string alias, string? priority = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = alias, messages = new[] { new { role = "user", content = "Say hello" } }, max_tokens = 5 }),
        };
        if (priority is not null)
        {
            request.Headers.Add(RequestPriority.HeaderName, priority);
        }

        return client.SendAsync(request, Ct);
    }

    /// <summary>Waits (bounded) until the gateway starts a one-shot timer of <paramref name="due"/>: a request's queue deadline.</summary>
    protected async Task WaitForQueuedAsync(TimeSpan due)
    {
        while (await Gateway.Clock.NextTimerAsync() != due)
        {
        }
    }

    protected static async Task AssertOkAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"Expected 200, got {(int)response.StatusCode}: {body}");
    }
}
