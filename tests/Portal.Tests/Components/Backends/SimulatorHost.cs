using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiGateway.Portal.Tests.Components.Backends;

/// <summary>
/// The backend simulator in its own web host on a loopback port, under <see cref="Prefix"/> as the demo mounts it, with
/// one chat and one embeddings deployment and one accepted key: a real backend for the connection tester to call.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    public const string ApiKey = "simulator-test-key";
    public const string ChatDeployment = "chat-test";
    public const string EmbeddingsDeployment = "embeddings-test";
    public const string Prefix = "/sim";

    private readonly WebApplication _app;

    private SimulatorHost(WebApplication app, string root)
    {
        _app = app;
        Root = root;
    }

    /// <summary>The simulator's own server: a <c>SelfAddress</c> over it resolves <c>{self}</c> to this host.</summary>
    public IServer Server => _app.Services.GetRequiredService<IServer>();

    /// <summary>The base URL of an Azure OpenAI backend on this simulator, e.g. <c>http://127.0.0.1:5123/sim</c>.</summary>
    public string BaseUrl => Root + Prefix;

    private string Root { get; }

    public static async Task<SimulatorHost> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Simulator:ApiKeys:0"] = ApiKey,
            ["Simulator:Seed"] = "7",
            ["Simulator:ControlEnabled"] = "false",
            [$"Simulator:Deployments:{ChatDeployment}:Model"] = "gpt-4o-mini",
            [$"Simulator:Deployments:{ChatDeployment}:Kind"] = "Chat",
            [$"Simulator:Deployments:{EmbeddingsDeployment}:Model"] = "text-embedding-3-small",
            [$"Simulator:Deployments:{EmbeddingsDeployment}:Kind"] = "Embeddings",
        });
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        builder.Services.AddSimulator(builder.Configuration.GetSection("Simulator"));

        var app = builder.Build();
        app.MapSimulator(Prefix);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return new SimulatorHost(app, address.TrimEnd('/'));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
