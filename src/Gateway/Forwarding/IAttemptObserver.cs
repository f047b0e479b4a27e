using AiGateway.Gateway.Context;

namespace AiGateway.Gateway.Forwarding;

/// <summary>
/// Reacts to the end of every attempt on a backend, the client's and shadow copies alike. Observers are called in
/// the order they were registered, on the request's thread, and must be quick: they are on the request path.
/// </summary>
public interface IAttemptObserver
{
    void OnAttemptEnded(GatewayRequestContext gateway, AttemptOutcome outcome);
}
