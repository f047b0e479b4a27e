using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Metering;

/// <summary>
/// A fake clock that reports each one-shot timer started on it (the writer's pause before a retry), so a test waits
/// until the writer is really pausing before it moves time on: no sleeping, no guessing.
/// </summary>
internal sealed class ReportingClock() : FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 10, 30, 0, TimeSpan.Zero))
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Reported once it exists, or a test could advance the clock before the timer is registered.
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (period == Timeout.InfiniteTimeSpan && dueTime != Timeout.InfiniteTimeSpan)
        {
            _timers.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>Waits (bounded) until a one-shot timer is started, and returns its due time.</summary>
    public async Task<TimeSpan> NextTimerAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        return await _timers.Reader.ReadAsync(timeout.Token);
    }

    /// <summary>
    /// Lets every pause the writer takes elapse at once, until <paramref name="done"/> completes (bounded): the way
    /// to run a sequence of retries to its end.
    /// </summary>
    public async Task RunTimersUntilAsync(Task done)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        while (!done.IsCompleted)
        {
            var next = _timers.Reader.ReadAsync(timeout.Token).AsTask();
            if (await Task.WhenAny(next, done) == next)
            {
                Advance(await next);
            }
        }

        await done;
    }
}
