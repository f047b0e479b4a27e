namespace AiGateway.Simulator.Options;

/// <summary>One simulated model deployment.</summary>
public sealed class SimulatorDeploymentOptions
{
    /// <summary>Model name, e.g. <c>gpt-4o-mini</c>.</summary>
    public string Model { get; set; } = "gpt-4o-mini";

    /// <summary>Model version, e.g. <c>2024-07-18</c>; answers name the model as <c>Model-ModelVersion</c>.</summary>
    public string? ModelVersion { get; set; }

    /// <summary>Reported in <c>x-ms-region</c>.</summary>
    public string Region { get; set; } = "swedencentral";

    /// <summary>Which operations the deployment serves.</summary>
    public DeploymentKind Kind { get; set; } = DeploymentKind.Chat;

    /// <summary>Length of embedding vectors (requests may ask for fewer with <c>dimensions</c>).</summary>
    public int EmbeddingDimensions { get; set; } = 1536;

    /// <summary>Percent of each chat prompt reported as served from the prompt cache (<c>cached_tokens</c>), 0-100.</summary>
    public int CachedPromptPercent { get; set; }

    /// <summary>
    /// Percent of each chat answer's completion tokens reported as reasoning (<c>reasoning_tokens</c>), 0-100: a
    /// reasoning model's deployment.
    /// </summary>
    public int ReasoningPercent { get; set; }

    /// <summary>Tokens per minute; 0 means unlimited.</summary>
    public int TokensPerMinute { get; set; }

    /// <summary>Requests per minute; 0 means unlimited.</summary>
    public int RequestsPerMinute { get; set; }

    /// <summary>Time to first token and per output token.</summary>
    public SimulatorLatencyOptions Latency { get; set; } = new();

    /// <summary>Injected failures.</summary>
    public SimulatorFaultOptions Faults { get; set; } = new();
}
