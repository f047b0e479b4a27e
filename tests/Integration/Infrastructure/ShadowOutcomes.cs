using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Integration.Infrastructure;

/// <summary>
/// An attempt observer that counts the shadow copies whose outcome the gateway has reported, so a test can wait for
/// the copies it caused instead of guessing how long they take.
/// </summary>
public sealed class ShadowOutcomes : IAttemptObserver
{
    private readonly Lock _lock = new();
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private int _count;

    public static void Register(IServiceCollection services)
    {
        services.AddSingleton<ShadowOutcomes>();
        services.AddSingleton<IAttemptObserver>(sp => sp.GetRequiredService<ShadowOutcomes>());
    }

    public void OnAttemptEnded(GatewayRequestContext gateway, AttemptOutcome outcome)
    {
        if (!outcome.Shadow)
        {
            return;
        }

        lock (_lock)
        {
            _count++;
            foreach (var waiter in _waiters.Where(w => w.Count <= _count).ToList())
            {
                waiter.Done.TrySetResult();
                _waiters.Remove(waiter);
            }
        }
    }

    /// <summary>Completes once at least <paramref name="count"/> shadow copies have been reported.</summary>
    public Task WaitForAsync(int count, CancellationToken ct)
    {
        lock (_lock)
        {
            if (_count >= count)
            {
                return Task.CompletedTask;
            }

            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
            return done.Task.WaitAsync(ct);
        }
    }
}
