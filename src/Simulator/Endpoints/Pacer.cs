namespace AiGateway.Simulator.Endpoints;

/// <summary>
/// Spaces output tokens by the per-token latency, measured from one start point so that fractional
/// milliseconds add up instead of being rounded away per token. All waiting goes through the injected
/// <see cref="TimeProvider"/>, so tests advance a fake clock instead of sleeping.
/// </summary>
internal sealed class Pacer(TimeProvider time, double perTokenMs, CancellationToken cancellationToken)
{
    private readonly long _start = time.GetTimestamp();
    private long _tokens;

    public Task NextTokensAsync(int tokens = 1)
    {
        if (perTokenMs <= 0)
        {
            return Task.CompletedTask;
        }

        _tokens += tokens;
        var wait = TimeSpan.FromMilliseconds(perTokenMs * _tokens) - time.GetElapsedTime(_start);
        return wait > TimeSpan.Zero ? Task.Delay(wait, time, cancellationToken) : Task.CompletedTask;
    }
}
