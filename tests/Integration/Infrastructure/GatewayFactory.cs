using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using AiGateway.Gateway.Configuration;
using AiGateway.Shared.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AiGateway.Integration.Infrastructure;

/// <summary>
/// The deployable (portal, management API and gateway) on Kestrel at a loopback port, on its own SQLite file,
/// with a fake clock: backend rests and circuit breaks end only when a test moves time, and the configuration
/// poller reloads when the test advances the clock past the poll interval (or asks for a reload).
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    public const string BootstrapToken = "integration-bootstrap-token-0123456789-abcdef";
    public const double PollSeconds = 2;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private readonly Dictionary<string, string?> _settings;

    /// <param name="settings">Configuration on top of the factory's own.</param>
    /// <param name="services">Test-only service registrations, applied after the product's.</param>
    /// <param name="clock">The fake clock; replicas of one test share a start time so their windows agree.</param>
    public GatewayFactory(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null, TimerReportingClock? clock = null)
    {
        Clock = clock ?? new TimerReportingClock();
        DataPath = Path.Combine(Path.GetTempPath(), $"aigw-integration-{Guid.NewGuid():N}");
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        ConfigureServicesHook = services;
        UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
    }

    public string DataPath { get; }
    public TimerReportingClock Clock { get; }
    private Action<IServiceCollection>? ConfigureServicesHook { get; }

    /// <summary>Where the started server listens, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First().TrimEnd('/') + "/");

    public GatewaySnapshotStore Snapshots => Services.GetRequiredService<GatewaySnapshotStore>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:DataPath", DataPath);
        builder.UseSetting("Admin:BootstrapToken", BootstrapToken);
        builder.UseSetting("Demo:Enabled", "false");
        builder.UseSetting("Gateway:ConfigPollSeconds", PollSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Gateway:ExplainHeaders", "true");
        // Tests move the fake clock past the timers they wait for, recognised by their length: the product's other
        // recurring work must not start timers of a length a test waits for (an attempt's 5 s deadline is one).
        // Alert deliveries are signalled when stored, and budget checks are called by the tests that need them.
        builder.UseSetting("Alerts:PollInterval", "00:59:00");
        builder.UseSetting("Budgets:CheckInterval", "00:58:00");
        builder.UseSetting("Chargeback:CheckInterval", "00:57:00");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            // A test that stops a host whose database is gone must not wait out the production shutdown timeout
            // while the usage writer retries on a clock that never moves.
            services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(2));
            ConfigureServicesHook?.Invoke(services);
        });
    }

    private IHost? _host;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        _host = base.CreateHost(builder);
        return _host;
    }

    /// <summary>
    /// Shuts the host down gracefully, as a deployment does (buffered usage is flushed), and returns a way into its
    /// database, which outlives the host.
    /// </summary>
    public async Task<Func<PortalDbContext>> StopAsync()
    {
        // Options of our own: the host's are bound to its service provider, which goes with the host.
        DbContextOptions<PortalDbContext> options;
        await using (var db = CreateDbContext())
        {
            var provider = db.Database.IsNpgsql() ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
            options = (DbContextOptions<PortalDbContext>)new DbContextOptionsBuilder<PortalDbContext>()
                .UseProvider(provider, db.Database.GetConnectionString()!).Options;
        }

        await (_host ?? throw new InvalidOperationException("The host has not started.")).StopAsync(TestContext.Current.CancellationToken);
        return () => new PortalDbContext(options);
    }

    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BootstrapToken);
        return client;
    }

    /// <summary>A client that calls the gateway with a key, as an application would.</summary>
    public HttpClient CreateGatewayClient(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("api-key", key);
        return client;
    }

    /// <summary>Makes this replica load the configuration now, as its poller would on its next tick.</summary>
    public Task ReloadAsync() =>
        Services.GetRequiredService<GatewayConfigurationPoller>().CheckAsync(TestContext.Current.CancellationToken);

    public PortalDbContext CreateDbContext() => Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContext();

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(DataPath))
        {
            Directory.Delete(DataPath, recursive: true);
        }
    }
}
