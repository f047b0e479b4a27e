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
    public IReadOnlyList<AliasTargetInput>? Targets { get; init; }
}
