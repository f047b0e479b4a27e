namespace AiGateway.Gateway.Configuration;

/// <summary>One deployment an alias may be served by, with its share within its tier (lower tiers are tried first).</summary>
public sealed record AliasTargetEntry(Guid DeploymentId, string DeploymentName, string Model, BackendEntry Backend, int Weight, int Tier);
