using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Configuration;

/// <summary>
/// Keeps this replica's snapshot current: loads it before the server takes traffic, then polls the configuration
/// version and reloads when it moves. When the database is unreachable the last snapshot stays in service. The portal
/// and the management API can also ask for a check at once (<see cref="IGatewayReloader"/>).
/// </summary>
public sealed partial class GatewayConfigurationPoller(
    GatewaySnapshotLoader loader,
    GatewaySnapshotStore store,
    IOptionsMonitor<GatewayOptions> options,
    TimeProvider clock,
    ILogger<GatewayConfigurationPoller> logger) : BackgroundService, IGatewayReloader
{
    // One check at a time: two loads racing could publish the older snapshot last and hide a change until the next poll.
    private readonly SemaphoreSlim _checking = new(1, 1);
    private DateTimeOffset? _lastSuccess;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        // The first load happens before Kestrel starts listening, so no request sees an empty configuration
        // unless the database is down at start.
        await CheckAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.CurrentValue.ConfigPollSeconds), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CheckAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <inheritdoc />
    public Task ReloadNowAsync(CancellationToken ct = default) => CheckAsync(ct);

    public override void Dispose()
    {
        base.Dispose();
        _checking.Dispose();
    }

    /// <summary>Reloads when the version moved (or nothing is loaded yet). Never throws for a database failure.</summary>
    public async Task CheckAsync(CancellationToken ct)
    {
        await _checking.WaitAsync(ct);
        try
        {
            await CheckOnceAsync(ct);
        }
        finally
        {
            _checking.Release();
        }
    }

    private async Task CheckOnceAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        try
        {
            var version = await loader.ReadVersionAsync(ct);
            if (version != store.Current.Version)
            {
                var snapshot = await loader.LoadAsync(ct);
                store.Publish(snapshot);
                Log.Reloaded(logger, snapshot.Version, snapshot.Aliases.Count, snapshot.Backends.Count, snapshot.KeysByPrefix.Count);
            }

            _lastSuccess = now;
            store.RecordCheck(new ConfigurationCheck(now, now, null));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            store.RecordCheck(new ConfigurationCheck(now, _lastSuccess, e.GetType().Name + ": " + e.Message));
            Log.CheckFailed(logger, store.Current.Version, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Gateway configuration version {Version} loaded: {Aliases} aliases, {Backends} backends, {Keys} keys")]
        public static partial void Reloaded(ILogger logger, long version, int aliases, int backends, int keys);

        [LoggerMessage(2, LogLevel.Warning, "Could not read the gateway configuration; still serving version {Version}")]
        public static partial void CheckFailed(ILogger logger, long version, Exception exception);
    }
}
