using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace AiGateway.Integration.Infrastructure;

/// <summary>
/// The real deployable as a child process (<c>dotnet AiGateway.Portal.dll</c> from the test's output), in Production
/// with the demo off, on SQLite in a data folder the caller owns, at a free loopback port: what a test kills with
/// SIGKILL and starts again on the same folder, as an orchestrator would.
/// </summary>
internal sealed class PortalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private PortalProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>What the process wrote, for a failing test's message.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the deployable on <paramref name="dataFolder"/> and waits (bounded) until <c>/healthz</c> answers.</summary>
    /// <param name="hashSecret">The key hash secret; the same across restarts, or keys made before stop working.</param>
    public static async Task<PortalProcess> StartAsync(string dataFolder, string hashSecret, params string[] settings)
    {
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var folder = AppContext.BaseDirectory;
        // SQLite creates the database file, not the folder it goes in.
        Directory.CreateDirectory(dataFolder);
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        string[] arguments =
        [
            Path.Combine(folder, "AiGateway.Portal.dll"),
            "--contentRoot", folder,
            "--environment", "Production",
            "--urls", address.ToString(),
            "--Database:Provider", "Sqlite",
            "--Database:DataPath", dataFolder,
            "--ConnectionStrings:Portal", $"Data Source={Path.Combine(dataFolder, "gateway.db")}",
            "--Database:MigrateOnStartup", "true",
            "--Security:ApiKeyHashSecret", hashSecret,
            "--Admin:BootstrapToken", GatewayFactory.BootstrapToken,
            "--Auth:DevelopmentSignIn:Enabled", "false",
            "--Demo:Enabled", "false",
            "--DataProtection:AllowUnprotectedKeyRing", "true",
            "--Gateway:ConfigPollSeconds", "0.5",
            "--Logging:LogLevel:Default", "Warning",
            .. settings,
        ];
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = null;
        start.Environment["ASPNETCORE_ENVIRONMENT"] = null;
        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var portal = new PortalProcess(process, address);
        process.OutputDataReceived += (_, e) => portal.Append(e.Data);
        process.ErrorDataReceived += (_, e) => portal.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await portal.WaitUntilLiveAsync(TimeSpan.FromSeconds(60));
            return portal;
        }
        catch
        {
            await portal.DisposeAsync();
            throw;
        }
    }

    public HttpClient CreateClient(string? apiKey = null, string? bearer = null)
    {
        var client = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(30) };
        if (apiKey is not null)
        {
            client.DefaultRequestHeaders.Add("api-key", apiKey);
        }

        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return client;
    }

    /// <summary>SIGKILL: no shutdown, no flush, nothing the process does after this.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: false);
        await _process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private async Task WaitUntilLiveAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The portal exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative), TestContext.Current.CancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"The portal did not answer /healthz within {timeout}:\n{Output}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
