using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Streaming;

namespace AiGateway.Gateway.Forwarding;

/// <summary>
/// One try of one deployment while it is in flight: what YARP's transforms need to send it, and what the response
/// transform saw of the answer's head. Once the try has ended it is judged into an <see cref="AttemptOutcome"/>.
/// </summary>
public sealed class GatewayAttempt(int number, AliasTargetEntry target, ReadOnlyMemory<byte> body, TimeSpan firstByteDeadline, ResponseObserver observer)
{
    public int Number { get; } = number;
    public AliasTargetEntry Target { get; } = target;

    /// <summary>The body sent to this deployment (its model name differs per deployment on the v1 shape).</summary>
    public ReadOnlyMemory<byte> Body { get; } = body;

    /// <summary>How long the backend has to send its response headers before the attempt is given up.</summary>
    public TimeSpan FirstByteDeadline { get; } = firstByteDeadline;

    public ResponseObserver Observer { get; } = observer;

    /// <summary>The backend's status, once its response headers arrived.</summary>
    public int? BackendStatus { get; private set; }

    /// <summary>The rest the backend asked for in its 429, if it said.</summary>
    public TimeSpan? RetryAfter { get; private set; }

    public void Answered(int status, TimeSpan? retryAfter)
    {
        BackendStatus = status;
        RetryAfter = retryAfter;
    }
}
