namespace AiGateway.Shared.Services.Alerts;

/// <summary>Wakes this replica's dispatcher when a new delivery is stored, so alerts do not wait for the next poll.</summary>
public sealed class AlertDispatchSignal : IDisposable
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Wake()
    {
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already awake.
        }
    }

    public void Dispose() => _signal.Dispose();

    /// <summary>Returns when woken or after <paramref name="poll"/> on <paramref name="clock"/>, whichever is first.</summary>
    public async Task WaitAsync(TimeSpan poll, TimeProvider clock, CancellationToken ct)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(ct);
        await Task.WhenAny(_signal.WaitAsync(either.Token), Task.Delay(poll, clock, either.Token));
        await either.CancelAsync();
        ct.ThrowIfCancellationRequested();
    }
}
