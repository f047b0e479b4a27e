using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Simulator.Tests;

/// <summary>
/// A fake clock that also reports each timer the simulator starts, so a test can wait until the simulator
/// is really waiting before it advances time: no sleeping, no guessing.
/// </summary>
public sealed class TestClock() : FakeTimeProvider(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero))
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Report only once the timer is registered, or a test could advance the clock before it exists.
        var timer = base.CreateTimer(callback, state, dueTime, period);

        // One-shot timers are the simulator's delays; anything periodic belongs to someone else.
        if (period == Timeout.InfiniteTimeSpan)
        {
            _timers.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>The due time of the next timer started (waits, bounded, until one is).</summary>
    public async Task<TimeSpan> NextTimerAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        return await _timers.Reader.ReadAsync(timeout.Token);
    }
}
