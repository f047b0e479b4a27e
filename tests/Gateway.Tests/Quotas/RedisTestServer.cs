using AiGateway.Gateway.Quotas;
using AiGateway.Gateway.Tests.Quotas;
using StackExchange.Redis;

[assembly: AssemblyFixture(typeof(RedisTestServer))]

namespace AiGateway.Gateway.Tests.Quotas;

/// <summary>
/// The Redis server the Redis tests share: the one named by <c>PORTAL_TEST_REDIS</c> (test.sh starts it), or else a
/// redis-server started here as a child process on first use. Nothing happens until a test asks, so test runs that
/// need no Redis never start one; a test that needs it and cannot have it fails, naming what to do.
/// </summary>
public sealed class RedisTestServer : IAsyncDisposable
{
    public const string EnvironmentVariable = "PORTAL_TEST_REDIS";

    private readonly SemaphoreSlim _gate = new(1, 1);
    private string? _endpoint;
    private RedisServerProcess? _ownServer;
    private IConnectionMultiplexer? _connection;

    /// <summary>host:port of the shared server.</summary>
    public async Task<string> GetEndpointAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_endpoint is null)
            {
                var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
                if (string.IsNullOrWhiteSpace(configured))
                {
                    _ownServer = await RedisServerProcess.StartAsync();
                    _endpoint = _ownServer.Endpoint;
                }
                else
                {
                    _endpoint = configured.Trim();
                }
            }

            return _endpoint;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One connection to the shared server, as the gateway makes it, reused by the tests.</summary>
    public async Task<IConnectionMultiplexer> GetConnectionAsync()
    {
        var endpoint = await GetEndpointAsync();
        await _gate.WaitAsync();
        try
        {
            return _connection ??= await ConnectAsync(endpoint);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>A new connection (a replica of its own), configured as the gateway configures it, and connected.</summary>
    /// <param name="endpoint">host:port.</param>
    /// <param name="tune">Changes to the gateway's configuration, for a test that needs them.</param>
    public static async Task<IConnectionMultiplexer> ConnectAsync(string endpoint, Action<ConfigurationOptions>? tune = null)
    {
        var configuration = RedisQuotaConnection.Configure(endpoint);
        tune?.Invoke(configuration);
        var connection = await ConnectionMultiplexer.ConnectAsync(configuration);
        if (!connection.IsConnected)
        {
            await connection.DisposeAsync();
            throw new InvalidOperationException(
                $"Could not connect to Redis at {endpoint} ({EnvironmentVariable}={Environment.GetEnvironmentVariable(EnvironmentVariable) ?? "unset"}).");
        }

        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        if (_ownServer is not null)
        {
            await _ownServer.DisposeAsync();
        }

        _gate.Dispose();
    }
}
