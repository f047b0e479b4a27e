using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiGateway.Integration.Infrastructure;

/// <summary>
/// The backend simulator in its own web host on a loopback port, standing in for Azure OpenAI: the gateway reaches
/// it over real HTTP, as it would a real backend. Its clock is fake, so latency and throttle storms move only when
/// a test moves them; its control endpoints let a test inject faults while the gateway runs.
/// </summary>
public sealed class SimulatorBackend : IAsyncDisposable
{
    public const string ApiKey = "simulator-backend-key";

    private readonly WebApplication _app;
    private readonly HttpClient _control;

    private SimulatorBackend(WebApplication app, TimerReportingClock clock, Uri baseAddress)
    {
        _app = app;
        Clock = clock;
        BaseAddress = baseAddress;
        _control = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public TimerReportingClock Clock { get; }

    /// <summary>The simulator's root, as an Azure OpenAI backend's base URL (no trailing slash).</summary>
    public Uri BaseAddress { get; }

    /// <summary>Starts a simulator whose deployments are named by <paramref name="deployments"/> (chat models unless "embed" is in the name).</summary>
    public static async Task<SimulatorBackend> StartAsync(params string[] deployments)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Simulator:ApiKeys:0"] = ApiKey,
            ["Simulator:Seed"] = "7",
            ["Simulator:DefaultCompletionTokens"] = "8",
            ["Simulator:ControlEnabled"] = "true",
        };
        foreach (var name in deployments)
        {
            var embeddings = name.Contains("embed", StringComparison.Ordinal);
            settings[$"Simulator:Deployments:{name}:Model"] = embeddings ? "text-embedding-3-small" : "gpt-4o-mini";
            settings[$"Simulator:Deployments:{name}:Kind"] = embeddings ? "Embeddings" : "Chat";
            settings[$"Simulator:Deployments:{name}:ModelVersion"] = embeddings ? "1" : "2024-07-18";
            settings[$"Simulator:Deployments:{name}:Region"] = "swedencentral";
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var clock = new TimerReportingClock();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSimulator(builder.Configuration.GetSection("Simulator"));

        var app = builder.Build();
        app.MapSimulator();
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new SimulatorBackend(app, clock, new Uri(address.TrimEnd('/')));
    }

    /// <summary>Changes one deployment's settings, e.g. <c>new { faults = new { errorRate = 1.0 } }</c>.</summary>
    public async Task ConfigureAsync(string deployment, object settings)
    {
        using var response = await _control.PatchAsJsonAsync("/_simulator/config", new Dictionary<string, object>
        {
            ["deployments"] = new Dictionary<string, object> { [deployment] = settings },
        }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>How many requests reached the deployment.</summary>
    public async Task<int> RequestsAsync(string deployment)
    {
        var stats = await StatsAsync();
        return stats.GetProperty("deployments").TryGetProperty(deployment, out var d) ? d.GetProperty("requests").GetInt32() : 0;
    }

    public Task<long> PromptTokensAsync(string deployment) => CounterAsync(deployment, "promptTokens");

    public Task<long> CompletionTokensAsync(string deployment) => CounterAsync(deployment, "completionTokens");

    /// <summary>How many requests the deployment answered with its own 429.</summary>
    public Task<long> ThrottledAsync(string deployment) => CounterAsync(deployment, "throttled");

    private async Task<long> CounterAsync(string deployment, string counter)
    {
        var stats = await StatsAsync();
        return stats.GetProperty("deployments").TryGetProperty(deployment, out var d) ? d.GetProperty(counter).GetInt64() : 0;
    }

    /// <summary>Requests that reached any deployment, or none.</summary>
    public async Task<int> TotalRequestsAsync()
    {
        var stats = await StatsAsync();
        var total = stats.GetProperty("unrouted").GetProperty("requests").GetInt32();
        foreach (var deployment in stats.GetProperty("deployments").EnumerateObject())
        {
            total += deployment.Value.GetProperty("requests").GetInt32();
        }

        return total;
    }

    private async Task<JsonElement> StatsAsync()
    {
        var body = await _control.GetStringAsync("/_simulator/stats", TestContext.Current.CancellationToken);
        return JsonDocument.Parse(body).RootElement;
    }

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
