namespace AiGateway.Shared.Model;

/// <summary>How the gateway chooses among the usable deployments of one tier of an alias.</summary>
public enum RoutingStrategy
{
    /// <summary>Random by the targets' weights: the default, and what every alias did before strategies existed.</summary>
    Weighted = 0,

    /// <summary>The deployment with the most capacity left this minute, so traffic moves before a deployment answers 429.</summary>
    Headroom = 1,

    /// <summary>The deployment with the lowest recent time to first token; a small share of requests re-measures the others.</summary>
    Latency = 2,
}
