using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// Where the request path hands quota refusals and backend throttles for the cluster-wide throttling explorer. Never
/// blocks and never touches the database: events are written in batches off the request path, like usage records.
/// </summary>
public interface IThrottleEventSink
{
    /// <returns>False when the event was dropped (the buffer is full or the writer has stopped).</returns>
    bool TryWrite(ThrottleEvent throttleEvent);
}
