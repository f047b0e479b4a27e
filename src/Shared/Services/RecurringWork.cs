using Microsoft.Extensions.Hosting;

namespace AiGateway.Shared.Services;

/// <summary>
/// Background work done in rounds: one at start, then one every <see cref="Interval"/> on the given clock. A failed
/// round is reported and the next one tries again, so work that only catches up (notices, closing days) loses nothing
/// by waiting.
/// </summary>
public abstract class RecurringWork(TimeProvider clock) : BackgroundService
{
    protected abstract TimeSpan Interval { get; }

    /// <summary>False to run no rounds at all (the work is switched off).</summary>
    protected virtual bool Enabled => true;

    protected abstract Task RunRoundAsync(CancellationToken ct);

    protected abstract void RoundFailed(Exception exception);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, clock);
        try
        {
            do
            {
                await RunSafelyAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RunSafelyAsync(CancellationToken ct)
    {
        try
        {
            await RunRoundAsync(ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            RoundFailed(e);
        }
    }
}
