using AiGateway.Gateway.Configuration;

namespace AiGateway.Gateway.Backends;

/// <summary>The outcome of choosing a target: the target, or why there is none and when one frees up.</summary>
public readonly record struct BackendSelection(AliasTargetEntry? Target, DateTimeOffset? EarliestRecovery)
{
    public bool Found => Target is not null;
}
