using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Gateway.StatefulApis;

/// <summary>
/// Two simulators behind one alias (<see cref="RoundRobinAlias"/>, equal weights in one tier), so each request goes
/// to either at random, and each knows only the objects it created. Objects that name no model are created through
/// the same alias (<c>Gateway:Stateful:DefaultAlias</c>).
/// </summary>
public abstract class RoundRobinTestBase(IReadOnlyDictionary<string, string?>? settings = null) : GatewayTestBase(WithDefaults(settings))
{
    public const string RoundRobinAlias = "round-robin";

    protected SimulatorBackend Second { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Second = await SimulatorBackend.StartAsync(StandardDeployment);
        var backend = await CreateAsync("/api/admin/backends", new
        {
            name = "sim-second",
            kind = "AzureOpenAI",
            baseUrl = Second.BaseAddress.ToString(),
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
        await Second.DisposeAsync();
        await base.DisposeAsync();
    }

    /// <summary>Requests each simulator has served so far.</summary>
    protected async Task<(int First, int Second)> TotalsAsync() => (await Simulator.TotalRequestsAsync(), await Second.TotalRequestsAsync());

    /// <summary>Moves both simulators' clocks past their job time, so background work is done.</summary>
    protected void FinishJobs()
    {
        Simulator.Clock.Advance(TimeSpan.FromSeconds(10));
        Second.Clock.Advance(TimeSpan.FromSeconds(10));
    }

    protected static object Turn(string? previous, bool background = false) => previous is null
        ? new { model = RoundRobinAlias, input = "Hello", max_output_tokens = 64, background, store = true }
        : new { model = RoundRobinAlias, input = "And then?", max_output_tokens = 8, previous_response_id = previous };

    private static Dictionary<string, string?> WithDefaults(IReadOnlyDictionary<string, string?>? settings)
    {
        var all = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>())
        {
            ["Gateway:Stateful:DefaultAlias"] = RoundRobinAlias,
        };
        return all;
    }
}
