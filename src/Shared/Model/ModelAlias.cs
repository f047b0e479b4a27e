namespace AiGateway.Shared.Model;

/// <summary>The model name clients call (the Azure deployment name or the v1 <c>model</c>), mapped to weighted deployments.</summary>
public sealed class ModelAlias : IConfigurationEntity
{
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
    public DateTimeOffset CreatedAt { get; set; }
    public List<AliasTarget> Targets { get; set; } = [];
}
