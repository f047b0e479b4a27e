namespace AiGateway.Shared.Model;

/// <summary>The model name clients call (the Azure deployment name or the v1 <c>model</c>), mapped to weighted deployments.</summary>
public sealed class ModelAlias : IConfigurationEntity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public required string Name { get; set; }
    public string? Description { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public List<AliasTarget> Targets { get; set; } = [];
}
