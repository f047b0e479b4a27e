namespace AiGateway.Portal.Components.Shared;

/// <summary>
/// How a live page refreshes itself: one tick every interval on the injected <see cref="TimeProvider"/> (so tests
/// advance a fake clock instead of sleeping), until the page is closed. Closing cancels <see cref="Stopping"/> and
/// waits for a tick under way to finish, so no tick runs against a disposed page.
/// </summary>
public sealed class PeriodicRefresh : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private PeriodicTimer? _timer;
    private Task? _running;
    private bool _disposed;

    /// <summary>Cancelled when the page closes: for the reads and writes the page makes meanwhile.</summary>
    public CancellationToken Stopping => _stop.Token;

    /// <summary>Runs <paramref name="tick"/> every <paramref name="interval"/>, the first one interval from now.</summary>
    public void Start(TimeSpan interval, TimeProvider clock, Func<Task> tick)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(tick);
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_timer is not null)
        {
            throw new InvalidOperationException("The refresh has already started.");
        }

        _timer = new PeriodicTimer(interval, clock);
        _running = RunAsync(_timer, tick, _stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _stop.CancelAsync();
        _timer?.Dispose();
        if (_running is { } running)
        {
            await running;
        }

        _stop.Dispose();
    }

    private static async Task RunAsync(PeriodicTimer timer, Func<Task> tick, CancellationToken ct)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                await tick();
            }
        }
        catch (Exception) when (ct.IsCancellationRequested)
        {
            // The page was closed while a refresh was under way; nothing is left to show it on.
        }
    }
}
