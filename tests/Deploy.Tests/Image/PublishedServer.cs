using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace AiGateway.Deploy.Tests.Image;

/// <summary>
/// The published app serving on a free loopback port as Production, with SQLite in a data folder of its own and the
/// demo off: what a container runs, minus the container. Stopped and its data folder deleted on dispose.
/// </summary>
public sealed class PublishedServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _dataFolder;

    private PublishedServer(Process process, DotnetCommand.OutputLog log, Uri address, string dataFolder)
    {
        _process = process;
        Log = log;
        Address = address;
        _dataFolder = dataFolder;
    }

    public Uri Address { get; }

    public DotnetCommand.OutputLog Log { get; }

    /// <summary>
    /// Starts the app with the settings Production needs, overridden or added to by <paramref name="settings"/>
    /// (environment variable names): the key ring protection is for each test to choose.
    /// </summary>
    public static async Task<PublishedServer> StartAsync(PublishedApp app, IReadOnlyDictionary<string, string?> settings)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(settings);
        var address = new Uri($"http://127.0.0.1:{FreePort()}");
        var dataFolder = Path.Combine(Path.GetTempPath(), $"aigw-data-{Guid.NewGuid():N}");
        var environment = ProductionSettings(dataFolder);
        foreach (var (name, value) in settings)
        {
            environment[name] = value;
        }

        var info = DotnetCommand.StartInfo(app.Folder, [PublishedApp.MainAssemblyName, "--urls", address.ToString()], environment);
        var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start.");
        var log = new DotnetCommand.OutputLog();
        log.Attach(process);
        var server = new PublishedServer(process, log, address, dataFolder);
        try
        {
            await server.WaitUntilLiveAsync(TimeSpan.FromSeconds(60));
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        if (Directory.Exists(_dataFolder))
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
    }

    /// <summary>Production with SQLite in <paramref name="dataFolder"/>, a hash secret and the demo off.</summary>
    public static Dictionary<string, string?> ProductionSettings(string dataFolder) => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = null,
        ["Database__Provider"] = "Sqlite",
        ["Database__DataPath"] = dataFolder,
        ["Security__ApiKeyHashSecret"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Demo__Enabled"] = "false",
    };

    private async Task WaitUntilLiveAsync(TimeSpan timeout)
    {
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The published app exited with {_process.ExitCode}:\n{Log}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The published app did not answer /healthz within {timeout}:\n{Log}");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
