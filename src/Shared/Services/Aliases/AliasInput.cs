using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Aliases;

public sealed record AliasInput
{
    /// <summary>The name clients call: the Azure deployment name in the URL, or <c>model</c> in a v1 body.</summary>
    public string? Name { get; init; }
    public string? Description { get; init; }
    public bool Enabled { get; init; } = true;

    /// <summary>Seconds a backend may take to send its response headers before the next deployment is tried; null for the gateway's default.</summary>
    public double? FirstByteTimeoutSeconds { get; init; }

    /// <summary>Whether the targets may serve different models or model versions; off so that spillover never changes the model silently.</summary>
    public bool AllowMixedModelVersions { get; init; }
    /// <summary>How a deployment is chosen within a tier: Weighted (default), Headroom or Latency.</summary>
    public RoutingStrategy RoutingStrategy { get; init; } = RoutingStrategy.Weighted;

    /// <summary>Percent (0-90) of each deployment's tokens and requests per minute that only High traffic may use.</summary>
    public int HighReservedPercent { get; init; }

    /// <summary>Requests that may wait for capacity on the alias at once; 0 queues none.</summary>
    public int MaxQueueLength { get; init; } = ModelAlias.DefaultMaxQueueLength;

    /// <summary>Seconds a Low request may wait for capacity before it is shed; 0 refuses it at once.</summary>
    public double LowQueueSeconds { get; init; } = ModelAlias.DefaultLowQueueSeconds;

    /// <summary>Seconds a Normal request may wait for capacity; 0 (default) means Normal never waits.</summary>
    public double NormalQueueSeconds { get; init; }
    public IReadOnlyList<AliasTargetInput>? Targets { get; init; }
}
