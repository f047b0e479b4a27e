using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Browser.Tests.Infrastructure;

/// <summary>
/// The demo as a newcomer starts it (portal, gateway and the in-process simulator, seeded), on a real loopback port
/// with its own SQLite file, so the browser talks to exactly what the README's run command serves.
/// </summary>
public sealed class PortalHost : WebApplicationFactory<Program>
{
    public const string DemoKey = "agw_BrowserTst01_0123456789abcdefghijABCDEFGHIJ0123456789";

    private readonly string _dataPath = Path.Combine(Path.GetTempPath(), $"aigw-browser-{Guid.NewGuid():N}");
    private readonly string _environment;
    private readonly IReadOnlyDictionary<string, string?> _settings;

    /// <param name="environment">Development (the demo) by default; Production runs without the demo, as a deployment does.</param>
    /// <param name="settings">Settings applied last, over the defaults here.</param>
    /// <param name="httpsCertificate">Serve HTTPS with this certificate (Production's Secure cookies need it).</param>
    public PortalHost(string environment = "Development", IReadOnlyDictionary<string, string?>? settings = null, X509Certificate2? httpsCertificate = null)
    {
        _environment = environment;
        _settings = settings ?? new Dictionary<string, string?>();
        UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0, listen =>
        {
            if (httpsCertificate is not null)
            {
                listen.UseHttps(httpsCertificate);
            }
        }));
    }

    /// <summary>The started server's root, e.g. <c>http://127.0.0.1:43210/</c>.</summary>
    public Uri BaseAddress
    {
        get
        {
            StartServer();
            var address = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            return new Uri(address.TrimEnd('/') + "/");
        }
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        // Outside Development the host serves static files from a publish folder only; a test runs from the build
        // output, where the framework's and MudBlazor's scripts are found through the static web assets manifest.
        builder.UseStaticWebAssets();
        builder.UseSetting("Database:DataPath", _dataPath);
        builder.UseSetting("Demo:Enabled", _environment == "Development" ? "true" : "false");
        builder.UseSetting("Demo:ApiKey", DemoKey);
        builder.UseSetting("Gateway:ConfigPollSeconds", "0.2");
        // Rollouts held for a second a step are judged within a second, so a journey sees one through in moments.
        builder.UseSetting("Rollouts:TickSeconds", "1");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(_dataPath))
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }
}
