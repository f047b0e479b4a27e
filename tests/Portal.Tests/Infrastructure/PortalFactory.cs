using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using AiGateway.Shared.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Portal.Tests.Infrastructure;

/// <summary>The whole portal host on Kestrel at a loopback port, on its own SQLite file, with a known bootstrap token.</summary>
public sealed class PortalFactory : WebApplicationFactory<Program>
{
    public const string BootstrapToken = "test-bootstrap-token-0123456789-abcdefghij";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public PortalFactory(string? dataPath = null, bool demo = false, IReadOnlyDictionary<string, string?>? settings = null)
    {
        DataPath = dataPath ?? Path.Combine(Path.GetTempPath(), $"aigw-portal-test-{Guid.NewGuid():N}");
        Demo = demo;
        Settings = settings ?? new Dictionary<string, string?>();
        // Real HTTP on a loopback port, so Kestrel's own limits and behaviour are part of what is tested.
        UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
    }

    public string DataPath { get; }
    public bool Demo { get; }
    public IReadOnlyDictionary<string, string?> Settings { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Database:DataPath", DataPath);
        builder.UseSetting("Admin:BootstrapToken", BootstrapToken);
        builder.UseSetting("Demo:Enabled", Demo ? "true" : "false");
        // Tests write usage for past days after the host starts; a day closed before that would freeze its fixed costs.
        builder.UseSetting("Chargeback:CloseDays", "false");
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>A client that authenticates as admin with the bootstrap token.</summary>
    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BootstrapToken);
        return client;
    }

    /// <summary>A client signed in through the development sign-in (cookie) as the given role.</summary>
    public async Task<HttpClient> CreateSignedInClientAsync(string userId, string role)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/account/dev/signin", new { userId, role });
        response.EnsureSuccessStatusCode();
        return client;
    }

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
