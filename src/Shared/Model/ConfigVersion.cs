namespace AiGateway.Shared.Model;

/// <summary>A single row whose version rises with every configuration write; replicas poll it to know when to reload.</summary>
public sealed class ConfigVersion
{
    public const int SingletonId = 1;
    public int Id { get; set; } = SingletonId;
    public long Version { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
