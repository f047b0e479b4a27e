using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>
/// Writes new owners to the database every <c>Gateway:Stateful:FlushSeconds</c> and once more on shutdown, and
/// prunes expired ones every <c>PruneMinutes</c>. A flush that fails keeps its owners for the next one.
/// </summary>
public sealed partial class OwnershipWriter(
    DatabaseOwnershipStore store,
    IOptions<StatefulOptions> options,
    TimeProvider clock,
    ILogger<OwnershipWriter> logger) : BackgroundService
{
    private DateTimeOffset _nextPrune;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.Value.FlushSeconds), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await FlushAsync(stoppingToken).ConfigureAwait(false);
                await MaybePruneAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync writes what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Writes what is pending now; false when the database refused (it is kept for the next flush).</summary>
    public async Task<bool> FlushAsync(CancellationToken ct)
    {
        if (!store.HasPending)
        {
            return true;
        }

        try
        {
            Log.Written(logger, await store.FlushAsync(ct).ConfigureAwait(false));
            return true;
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Log.WriteFailed(logger, e);
            return false;
        }
    }

    private async Task MaybePruneAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        if (now < _nextPrune)
        {
            return;
        }

        _nextPrune = now + TimeSpan.FromMinutes(options.Value.PruneMinutes);
        try
        {
            Log.Pruned(logger, await store.PruneAsync(ct).ConfigureAwait(false));
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Log.PruneFailed(logger, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(910, LogLevel.Debug, "Stored {Count} new object owners")]
        public static partial void Written(ILogger logger, int count);

        [LoggerMessage(911, LogLevel.Warning, "Could not store new object owners; keeping them for the next flush")]
        public static partial void WriteFailed(ILogger logger, Exception exception);

        [LoggerMessage(912, LogLevel.Debug, "Pruned {Count} expired object owners")]
        public static partial void Pruned(ILogger logger, int count);

        [LoggerMessage(913, LogLevel.Warning, "Could not prune expired object owners")]
        public static partial void PruneFailed(ILogger logger, Exception exception);
    }
}
