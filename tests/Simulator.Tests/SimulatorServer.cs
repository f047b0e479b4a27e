using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiGateway.Simulator.Tests;

/// <summary>
/// The simulator library hosted in a test web app on a real loopback port, with a fake clock, so tests
/// (and unmodified SDKs) talk real HTTP and nothing ever sleeps.
/// </summary>
public sealed class SimulatorServer : IAsyncDisposable
{
    public const string ApiKey = "test-key";

    private readonly WebApplication _app;

    private SimulatorServer(WebApplication app, TestClock time, Uri baseAddress)
    {
        _app = app;
        Time = time;
        BaseAddress = baseAddress;
        Client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
        Client.DefaultRequestHeaders.Add("api-key", ApiKey);
    }

    public TestClock Time { get; }

    /// <summary>Where the simulator answers, prefix included (ends with '/').</summary>
    public Uri BaseAddress { get; }

    /// <summary>A client that already sends the test api key.</summary>
    public HttpClient Client { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts a host. The default configuration has a seed, one key, a chat deployment "chat"
    /// (gpt-4o-mini 2024-07-18, swedencentral) and an embeddings deployment "embed"; <paramref name="configure"/>
    /// adds or overrides keys under "Simulator:".
    /// </summary>
    /// <paramref name="alsoMappedAt"/> maps the simulator again under other prefixes of the same host.
    public static async Task<SimulatorServer> StartAsync(Action<Dictionary<string, string?>>? configure = null, string prefix = "", params string[] alsoMappedAt)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Simulator:ApiKeys:0"] = ApiKey,
            ["Simulator:Seed"] = "1234",
            ["Simulator:DefaultCompletionTokens"] = "16",
            ["Simulator:Deployments:chat:Model"] = "gpt-4o-mini",
            ["Simulator:Deployments:chat:ModelVersion"] = "2024-07-18",
            ["Simulator:Deployments:chat:Region"] = "swedencentral",
            ["Simulator:Deployments:embed:Model"] = "text-embedding-3-small",
            ["Simulator:Deployments:embed:Kind"] = "Embeddings",
            ["Simulator:Deployments:embed:Region"] = "westeurope",
        };
        configure?.Invoke(settings);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));

        // Registered before AddSimulator, which only adds the system clock when none is there.
        var time = new TestClock();
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSimulator(builder.Configuration.GetSection("Simulator"));

        var app = builder.Build();
        app.MapSimulator(prefix);
        foreach (var other in alsoMappedAt)
        {
            app.MapSimulator(other);
        }
        await app.StartAsync(TestContext.Current.CancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new SimulatorServer(app, time, new Uri(address.TrimEnd('/') + prefix + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
