using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace AiGateway.Gateway.Quotas;

/// <summary>
/// Settlements and releases for the Redis counters, gathered on this replica and sent together once per interval
/// (<c>Quotas:RedisSettleIntervalMilliseconds</c>): corrections to the same counter are summed, and each team's go in
/// one script, pipelined with the other teams'. A request then costs Redis one round trip (its reservation) instead of
/// two, and the settlement no longer holds up the client's connection.
/// </summary>
/// <remarks>
/// <para>Until a correction is sent, the counter holds the reservation's estimate. The estimate includes the output
/// cap, so a counter is nearly always high rather than low meanwhile: at worst a replica refuses a little early for
/// one interval, and it never admits more than the estimates allowed.</para>
/// <para>Corrections that cannot be sent (Redis down or slow) are dropped, as an immediate settlement's would be: the
/// counters keep the estimates until their window ends. A warning says how many, at most once a minute. Disposing
/// sends what is pending; the host disposes this after the web server has drained its requests.</para>
/// </remarks>
public sealed partial class RedisCounterCorrections : IAsyncDisposable
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    private readonly IConnectionMultiplexer _redis;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _clock;
    private readonly ILogger<RedisCounterCorrections> _logger;
    private readonly ITimer _timer;
    private readonly Lock _gate = new();

    // One send at a time, so that a flush that follows another (disposal, a test) finds the earlier one finished.
    private readonly SemaphoreSlim _sending = new(1, 1);

    // Per team (one script each: a team's keys share a Redis Cluster slot), the summed change per counter key.
    // The timer runs exactly while this is not empty: the first correction after a send arms it.
    private Dictionary<Guid, Dictionary<string, long>> _pending = [];
    private bool _disposed;
    private long _nextWarningTicks;
    private long _droppedSinceWarning;

    public RedisCounterCorrections(IConnectionMultiplexer redis, TimeSpan interval, TimeProvider clock, ILogger<RedisCounterCorrections> logger)
    {
        ArgumentNullException.ThrowIfNull(redis);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(logger);
        _redis = redis;
        _interval = interval;
        _clock = clock;
        _logger = logger;
        _timer = clock.CreateTimer(static state => _ = ((RedisCounterCorrections)state!).FlushAsync(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Adds <paramref name="delta"/> to the counter <paramref name="key"/> of <paramref name="team"/> at the next send.</summary>
    public void Add(Guid team, string key, long delta)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                // A request that outlived the host's shutdown: nothing will send this any more, and the counter keeps
                // the estimate until its window ends, as when Redis is down.
                return;
            }

            if (_pending.Count == 0)
            {
                _timer.Change(_interval, Timeout.InfiniteTimeSpan);
            }

            if (!_pending.TryGetValue(team, out var counters))
            {
                _pending[team] = counters = [];
            }

            CollectionsMarshal.GetValueRefOrAddDefault(counters, key, out _) += delta;
        }
    }

    /// <summary>Sends every pending correction now; completes when they (and any send already under way) are done.</summary>
    public async Task FlushAsync()
    {
        await _sending.WaitAsync().ConfigureAwait(false);
        try
        {
            Dictionary<Guid, Dictionary<string, long>> batch;
            lock (_gate)
            {
                batch = _pending;
                _pending = [];
            }

            if (batch.Count > 0)
            {
                await SendAsync(batch).ConfigureAwait(false);
            }
        }
        finally
        {
            _sending.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _disposed = true;
        }

        await _timer.DisposeAsync().ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);
    }

    private async Task SendAsync(Dictionary<Guid, Dictionary<string, long>> batch)
    {
        var database = _redis.GetDatabase();
        var sends = new List<(Task Send, int Corrections)>(batch.Count);
        foreach (var counters in batch.Values)
        {
            var keys = new List<RedisKey>(counters.Count);
            var deltas = new List<RedisValue>(counters.Count);
            foreach (var (key, delta) in counters)
            {
                if (delta != 0)
                {
                    keys.Add(key);
                    deltas.Add(delta);
                }
            }

            if (keys.Count > 0)
            {
                // Not awaited one by one: the multiplexer pipelines the scripts of every team on one connection.
                sends.Add((database.ScriptEvaluateAsync(RedisQuotaScripts.Adjust, [.. keys], [.. deltas]), keys.Count));
            }
        }

        foreach (var (send, corrections) in sends)
        {
            try
            {
                await send.ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                NoteDropped(corrections, e);
            }
        }
    }

    private void NoteDropped(int corrections, Exception e)
    {
        var dropped = _droppedSinceWarning += corrections;
        var now = _clock.GetUtcNow().UtcTicks;
        if (now >= _nextWarningTicks)
        {
            _nextWarningTicks = now + WarningInterval.Ticks;
            _droppedSinceWarning = 0;
            Log.CorrectionsDropped(_logger, dropped, e);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(610, LogLevel.Warning, "Could not send {Count} quota counter corrections to Redis; those counters keep their reservations' estimates until their windows end")]
        public static partial void CorrectionsDropped(ILogger logger, long count, Exception exception);
    }
}
