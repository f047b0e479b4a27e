using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace AiGateway.Gateway.Tests.Quotas;

/// <summary>
/// A throw-away redis-server, a child process of the test run on a free loopback port, with nothing saved to disk.
/// Start waits (bounded) for the server to announce it is ready and then answer PING; no fixed sleeps.
/// </summary>
internal sealed class RedisServerProcess : IAsyncDisposable
{
    public const string ServerPath = "/usr/bin/redis-server";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    private readonly Process _process;
    private readonly StringBuilder _output;

    private RedisServerProcess(Process process, int port, StringBuilder output)
    {
        _process = process;
        _output = output;
        Port = port;
    }

    public int Port { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    /// <summary>Starts a server on <paramref name="port"/>, or on a free port when none is given.</summary>
    public static async Task<RedisServerProcess> StartAsync(int? port = null)
    {
        if (!File.Exists(ServerPath))
        {
            throw new InvalidOperationException(
                $"The Redis tests need a Redis server: set PORTAL_TEST_REDIS (host:port), install redis-server ({ServerPath}), or run ./test.sh, which does both.");
        }

        var serverPort = port ?? FreePort();
        var start = new ProcessStartInfo(ServerPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--bind", "127.0.0.1", "--port", serverPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--save", "", "--appendonly", "no", "--dir", Path.GetTempPath() })
        {
            start.ArgumentList.Add(argument);
        }

        var output = new StringBuilder();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                ready.TrySetException(new InvalidOperationException("redis-server exited while starting."));
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data.Contains("Ready to accept connections", StringComparison.Ordinal))
            {
                ready.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new RedisServerProcess(process, serverPort, output);
        try
        {
            using var timeout = new CancellationTokenSource(StartTimeout);
            await ready.Task.WaitAsync(timeout.Token);
            await PingUntilAnsweredAsync(server.Port, timeout.Token);
            return server;
        }
        catch (Exception e)
        {
            await server.DisposeAsync();
            throw new InvalidOperationException($"redis-server on port {serverPort} did not start within {StartTimeout.TotalSeconds} s:\n{server.Output}", e);
        }
    }

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

    /// <summary>Kills the server; its clients see their connections drop at once.</summary>
    public async Task StopAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _process.Dispose();
    }

    /// <summary>Asks PING until the answer is PONG: only a refused connection is retried, within the token's bound.</summary>
    public static async Task PingUntilAnsweredAsync(int port, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, ct);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray(), ct);
                var buffer = new byte[64];
                var read = await stream.ReadAsync(buffer, ct);
                var reply = Encoding.ASCII.GetString(buffer, 0, read);
                if (reply.StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return;
                }

                throw new InvalidOperationException($"redis on port {port} answered PING with '{reply.Trim()}'.");
            }
            catch (SocketException) when (!ct.IsCancellationRequested)
            {
                // Not listening yet: the ready line normally makes this unreachable; yield and try again.
                await Task.Yield();
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
