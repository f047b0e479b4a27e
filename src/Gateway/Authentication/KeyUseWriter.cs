using AiGateway.Gateway.Configuration;
using AiGateway.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Authentication;

/// <summary>
/// Stores the client keys' "last used" times that <see cref="KeyUseTracker"/> gathered, every
/// <c>Gateway:KeyUseFlushSeconds</c> and once more on graceful shutdown, in one transaction.
/// </summary>
/// <remarks>
/// Keys used in the same minute share one <c>UPDATE ... WHERE Id IN (...)</c>; a flush a minute apart rarely holds
/// more than two minutes. Every statement only moves a key's time forwards, in the database, so replicas writing at
/// once (or a replica with an older use flushing late) never set a key back. The update bypasses the change
/// tracker on purpose: "last used" is not configuration, so it is neither audited nor a reason for every replica to
/// reload its snapshot. A flush that fails keeps its uses for the next one.
/// </remarks>
public sealed partial class KeyUseWriter : BackgroundService
{
    /// <summary>Keys per statement: well under SQL Server's 2,100 parameters whichever way EF sends the list.</summary>
    internal const int KeysPerStatement = 500;

    private readonly KeyUseTracker _tracker;
    private readonly IDbContextFactory<PortalDbContext> _dbFactory;
    private readonly TimeProvider _clock;
    private readonly ILogger<KeyUseWriter> _logger;
    private readonly TimeSpan _interval;
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private PeriodicTimer? _timer;
    private volatile bool _disposed;

    public KeyUseWriter(
        KeyUseTracker tracker,
        IDbContextFactory<PortalDbContext> dbFactory,
        IOptions<GatewayOptions> options,
        TimeProvider clock,
        ILogger<KeyUseWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tracker = tracker;
        _dbFactory = dbFactory;
        _clock = clock;
        _logger = logger;
        _interval = TimeSpan.FromSeconds(options.Value.KeyUseFlushSeconds);
    }

    /// <summary>Raised after a flush stored the uses of this many keys (diagnostics, and tests waiting for a flush).</summary>
    public event Action<int>? Flushed;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Made here rather than in ExecuteAsync, which the host runs on the thread pool: the first flush is one
        // interval after start, not one interval after whenever that thread got going.
        _timer ??= new PeriodicTimer(_interval, _clock);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var timer = _timer ?? throw new InvalidOperationException("The writer was not started.");
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                await FlushAsync(stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: StopAsync writes what is left.
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The web server stopped first (it is started last), so no request notes a use after this flush.
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_disposed)
        {
            return;
        }

        try
        {
            await FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host's shutdown time ran out (other services may have used it up): losing a minute of "last used"
            // must not fail the shutdown, only be said.
            Log.LostAtShutdown(_logger, _tracker.Pending().Count);
        }
    }

    public override void Dispose()
    {
        // _flushing is left undisposed on purpose: a host can call StopAsync after disposing its services (the test
        // host does), and a SemaphoreSlim without a wait handle holds nothing to release.
        _disposed = true;
        _timer?.Dispose();
        base.Dispose();
    }

    /// <summary>Writes every pending use now; returns how many keys were stored (0 when nothing waited or the write failed).</summary>
    public async Task<int> FlushAsync(CancellationToken ct)
    {
        await _flushing.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (!_tracker.HasPending)
            {
                return 0;
            }

            var uses = _tracker.Pending();
            try
            {
                await WriteAsync(uses, ct).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                Log.WriteFailed(_logger, uses.Count, e);
                return 0;
            }

            _tracker.Written(uses, _clock.GetUtcNow());
            Log.Written(_logger, uses.Count);
            Flushed?.Invoke(uses.Count);
            return uses.Count;
        }
        finally
        {
            _flushing.Release();
        }
    }

    private async Task WriteAsync(IReadOnlyList<KeyUse> uses, CancellationToken ct)
    {
        await using var db = await _dbFactory.CreateDbContextAsync(ct).ConfigureAwait(false);
        await using var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
        foreach (var minute in uses.GroupBy(u => u.At))
        {
            DateTimeOffset? at = minute.Key;
            foreach (var chunk in minute.Select(u => u.KeyId).Chunk(KeysPerStatement))
            {
                var ids = chunk.ToList();
                await db.ApiKeys
                    .Where(k => ids.Contains(k.Id) && (k.LastUsedAt == null || k.LastUsedAt < at))
                    .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, at), ct)
                    .ConfigureAwait(false);
            }
        }

        await transaction.CommitAsync(ct).ConfigureAwait(false);
    }

    private static partial class Log
    {
        [LoggerMessage(110, LogLevel.Debug, "Stored the last use of {Count} keys")]
        public static partial void Written(ILogger logger, int count);

        [LoggerMessage(111, LogLevel.Warning, "Could not store the last use of {Count} keys; keeping them for the next flush")]
        public static partial void WriteFailed(ILogger logger, int count, Exception exception);

        [LoggerMessage(112, LogLevel.Warning, "Shutdown time ran out before the last use of {Count} keys could be stored")]
        public static partial void LostAtShutdown(ILogger logger, int count);
    }
}
