using System.Diagnostics;
using System.Reflection;
using System.Security.Cryptography;
using System.Text.Json;

namespace AiGateway.Portal.Tests.Infrastructure;

/// <summary>
/// The test OpenID Connect issuer (tests/OidcIssuer) run as its own process on a loopback port: the portal talks to it
/// over HTTP exactly as it would to Keycloak or Entra ID. Shared with the browser tests.
/// </summary>
public sealed class OidcIssuerProcess : IAsyncDisposable
{
    public const string ClientId = "aigw-portal";
    public const string DisplayName = "Test issuer";

    private readonly Process _process;
    private readonly string _configPath;

    private OidcIssuerProcess(Process process, string configPath, Uri address, string clientSecret)
    {
        _process = process;
        _configPath = configPath;
        Address = address;
        ClientSecret = clientSecret;
    }

    /// <summary>The issuer identifier, e.g. <c>http://127.0.0.1:41234</c> (no trailing slash in its text).</summary>
    public Uri Address { get; }

    public string Issuer => Address.ToString().TrimEnd('/');

    public string ClientSecret { get; }

    /// <summary>The portal settings that make this issuer its generic OIDC provider.</summary>
    public Dictionary<string, string?> PortalSettings() => new()
    {
        ["PortalAuth:Oidc:Authority"] = Issuer,
        ["PortalAuth:Oidc:ClientId"] = ClientId,
        ["PortalAuth:Oidc:ClientSecret"] = ClientSecret,
        ["PortalAuth:Oidc:DisplayName"] = DisplayName,
        // The test issuer serves plain HTTP on loopback; a real provider is reached over HTTPS.
        ["PortalAuth:Oidc:RequireHttpsMetadata"] = "false",
    };

    /// <summary>Starts the issuer with these people on its sign-in page and waits for the address it prints.</summary>
    public static async Task<OidcIssuerProcess> StartAsync(params IssuerUser[] users)
    {
        var clientSecret = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));
        var configPath = Path.Combine(Path.GetTempPath(), $"aigw-oidc-issuer-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(configPath, JsonSerializer.Serialize(
            new { clientId = ClientId, clientSecret, users = users.Select(u => new { subject = u.Subject, claims = u.Claims }) }));

        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(IssuerAssemblyPath());
        start.ArgumentList.Add("--config");
        start.ArgumentList.Add(configPath);
        var process = Process.Start(start) ?? throw new InvalidOperationException("The test issuer did not start.");
        _ = process.StandardError.ReadToEndAsync();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("issuer=", StringComparison.Ordinal))
            {
                // Nothing else is expected on stdout, but a full pipe would block the issuer: keep draining it.
                _ = process.StandardOutput.ReadToEndAsync();
                return new OidcIssuerProcess(process, configPath, new Uri(line["issuer=".Length..]), clientSecret);
            }
        }

        throw new InvalidOperationException($"The test issuer exited (code {(process.HasExited ? process.ExitCode : -1)}) without printing its address.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        File.Delete(_configPath);
    }

    private static string IssuerAssemblyPath()
    {
        // The test project's build writes where it built the issuer (an assembly attribute), so no path is guessed here.
        var path = typeof(OidcIssuerProcess).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .FirstOrDefault(a => a.Key == "OidcIssuerAssembly")?.Value
            ?? throw new InvalidOperationException("The test assembly does not say where the OIDC issuer was built (AssemblyMetadata OidcIssuerAssembly).");
        return File.Exists(path) ? path : throw new InvalidOperationException($"The OIDC issuer is not built at {path}.");
    }
}
