namespace AiGateway.Shared.Model;

/// <summary>One model deployment on a backend, with its capacity and its versioned price table.</summary>
public sealed class Deployment : IConfigurationEntity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid BackendId { get; set; }
    public Backend? Backend { get; set; }

    /// <summary>The deployment's name at the backend (Azure deployment name, or the model name for OpenAI).</summary>
    public required string Name { get; set; }

    public required string Model { get; set; }
    public string? ModelVersion { get; set; }

    /// <summary>Tokens per minute the deployment was given; used to spread load and to show utilisation.</summary>
    public int? CapacityTokensPerMinute { get; set; }
    public int? CapacityRequestsPerMinute { get; set; }

    /// <summary>The deployment's price table: one version per service tier and effective date.</summary>
    public List<DeploymentPrice> Prices { get; set; } = [];

    public bool Enabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>
    /// Whether the gateway would send this deployment traffic: it and its backend are both enabled. A backend that was
    /// not loaded with it is not held against it.
    /// </summary>
    public bool CanTakeTraffic() => Enabled && Backend?.Enabled != false;
}
