using System.Threading.Channels;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Integration.Infrastructure;

/// <summary>
/// A fake clock that reports each one-shot timer started on it, so a test can wait until a backend is really
/// waiting (between two stream chunks, say) before it moves time on: no sleeping, no guessing.
/// </summary>
public sealed class TimerReportingClock(DateTimeOffset? start = null) : FakeTimeProvider(start ?? DateTimeOffset.UtcNow)
{
    private readonly Channel<TimeSpan> _timers = Channel.CreateUnbounded<TimeSpan>();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        // Report only once the timer exists, or a test could advance the clock before it is registered.
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (period == Timeout.InfiniteTimeSpan)
        {
            _timers.Writer.TryWrite(dueTime);
        }

        return timer;
    }

    /// <summary>Forgets the timers reported so far, so that the next one waited for is started after this call.</summary>
    public void ForgetTimers()
    {
        while (_timers.Reader.TryRead(out _))
        {
        }
    }

    /// <summary>Waits (bounded) until some one-shot timer is started, and returns its due time.</summary>
    public async Task<TimeSpan> NextTimerAsync(CancellationToken ct = default)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken, ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        return await _timers.Reader.ReadAsync(timeout.Token);
    }
}
