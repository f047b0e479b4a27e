using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Streaming;

namespace AiGateway.Gateway.Forwarding;

/// <summary>One try of one deployment for a request.</summary>
public sealed class GatewayAttempt(int number, AliasTargetEntry target, ReadOnlyMemory<byte> body, ResponseObserver observer)
{
    public int Number { get; } = number;
    public AliasTargetEntry Target { get; } = target;

    /// <summary>The body sent to this deployment (its model name differs per deployment on the v1 shape).</summary>
    public ReadOnlyMemory<byte> Body { get; } = body;

    public ResponseObserver Observer { get; } = observer;
    public AttemptOutcome Outcome { get; set; } = AttemptOutcome.Delivered;
    public int? BackendStatus { get; set; }

    /// <summary>The rest the backend asked for in its 429, if it said.</summary>
    public TimeSpan? RetryAfter { get; set; }
}
