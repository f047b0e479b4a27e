using AiGateway.Gateway.Context;

namespace AiGateway.Gateway.Forwarding;

/// <summary>Every registered <see cref="IAttemptObserver"/>, told of each attempt's outcome in registration order.</summary>
public sealed class AttemptObservers(IEnumerable<IAttemptObserver> observers)
{
    private readonly IAttemptObserver[] _observers = [.. observers];

    public void Report(GatewayRequestContext gateway, AttemptOutcome outcome)
    {
        foreach (var observer in _observers)
        {
            observer.OnAttemptEnded(gateway, outcome);
        }
    }
}
