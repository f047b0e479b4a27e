namespace AiGateway.Shared.Model;

/// <summary>The model name clients call (the Azure deployment name or the v1 <c>model</c>), mapped to weighted deployments.</summary>
public sealed class ModelAlias : IConfigurationEntity
{
    public const int DefaultMaxQueueLength = 100;
    public const double DefaultLowQueueSeconds = 30;

    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public string? Description { get; set; }
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long a backend may take to send its response headers before the gateway tries another deployment; null
    /// for the gateway's <c>Gateway:FirstByteTimeoutSeconds</c>. Aliases of slow models (long non-streamed answers,
    /// reasoning) need more than chat aliases.
    /// </summary>
    public double? FirstByteTimeoutSeconds { get; set; }

    /// <summary>
    /// Whether the alias's targets may serve different models or model versions. Off by default, so that spilling over
    /// to another deployment never changes the model's behaviour silently.
    /// </summary>
    public bool AllowMixedModelVersions { get; set; }
    /// <summary>How a deployment is chosen among the usable ones of a tier.</summary>
    public RoutingStrategy RoutingStrategy { get; set; } = RoutingStrategy.Weighted;

    /// <summary>
    /// The share (percent, 0-90) of each deployment's capacity, tokens and requests per minute, that only High traffic
    /// may use; Normal and Low are admitted against the rest.
    /// </summary>
    public int HighReservedPercent { get; set; }

    /// <summary>How many requests may wait for capacity on this alias at once, all classes together; 0 queues none.</summary>
    public int MaxQueueLength { get; set; } = DefaultMaxQueueLength;

    /// <summary>How long a Low request may wait for capacity before it is shed with 429; 0 refuses it at once.</summary>
    public double LowQueueSeconds { get; set; } = DefaultLowQueueSeconds;

    /// <summary>How long a Normal request may wait for capacity; 0 (the default) means Normal never queues.</summary>
    public double NormalQueueSeconds { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public List<AliasTarget> Targets { get; set; } = [];
}
