using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace AiGateway.Integration.Infrastructure;

/// <summary>
/// A PostgreSQL server of the test's own (initdb into a temporary folder, on a free loopback port), so a test can
/// stop it and start it again: a real outage, which the server test.sh starts cannot be put through, since every
/// other test uses it. PostgreSQL refuses to run as root, so as root it runs as the <c>postgres</c> user, as in test.sh.
/// </summary>
internal sealed class PrivatePostgresServer : IAsyncDisposable
{
    private readonly string _folder;
    private readonly string _bin;
    private readonly int _port;

    private PrivatePostgresServer(string folder, string bin, int port)
    {
        _folder = folder;
        _bin = bin;
        _port = port;
    }

    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = _port, Username = "postgres", Database = database, Timeout = 5 }.ConnectionString;

    /// <summary>Creates and starts a server; skips the test where PostgreSQL is not installed (test.sh installs it).</summary>
    public static async Task<PrivatePostgresServer> StartAsync()
    {
        var bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "pg_ctl"))).OrderBy(d => d, StringComparer.Ordinal).LastOrDefault()
            : null;
        if (bin is null)
        {
            Assert.Skip("PostgreSQL is not installed; ./test.sh installs it.");
        }

        var folder = Path.Combine(Path.GetTempPath(), $"aigw-pg-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var server = new PrivatePostgresServer(folder, bin, FreePort());
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres:postgres", folder);
        }

        await server.AsPostgresAsync("initdb", "-D", server.DataFolder, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        await server.StartServerAsync();
        return server;
    }

    private string DataFolder => Path.Combine(_folder, "data");

    /// <summary>Starts the stopped server again, on the same port and data.</summary>
    public Task StartServerAsync() => AsPostgresAsync(
        "pg_ctl", "-D", DataFolder, "-l", Path.Combine(_folder, "pg.log"), "-w",
        "-o", $"-h 127.0.0.1 -p {_port} -k {_folder} -F", "start");

    /// <summary>Stops the server at once, dropping every connection, as a crash or a failover would.</summary>
    public Task StopServerAsync() => AsPostgresAsync("pg_ctl", "-D", DataFolder, "-m", "immediate", "-w", "stop");

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            await StopServerAsync();
        }
        catch (InvalidOperationException)
        {
            // Already stopped by the test.
        }

        Directory.Delete(_folder, recursive: true);
    }

    private Task AsPostgresAsync(string tool, params string[] args)
    {
        var path = Path.Combine(_bin, tool);
        return Environment.UserName == "root"
            ? RunAsync("runuser", ["-u", "postgres", "--", path, .. args])
            : RunAsync(path, args);
    }

    private static async Task RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', args)} failed ({process.ExitCode}): {await output} {await error}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
