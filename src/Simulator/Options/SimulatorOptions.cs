namespace AiGateway.Simulator.Options;

/// <summary>Settings of the simulator, bound from the configuration section given to <c>AddSimulator</c>.</summary>
public sealed class SimulatorOptions
{
    /// <summary>Keys accepted in <c>api-key</c> or <c>Authorization: Bearer</c>. Empty: any key is accepted, but one must be sent.</summary>
    public IList<string> ApiKeys { get; set; } = [];

    /// <summary>Whether the <c>/_simulator/*</c> control endpoints are mapped at all.</summary>
    public bool ControlEnabled { get; set; } = true;

    /// <summary>When set, control requests must send it in <c>x-simulator-control-token</c>.</summary>
    public string? ControlToken { get; set; }

    /// <summary>Completion length when a request names no maximum.</summary>
    public int DefaultCompletionTokens { get; set; } = 16;

    /// <summary>Seed for fault and jitter draws; the same seed gives the same sequence of outcomes.</summary>
    public int? Seed { get; set; }

    /// <summary>Limits and timing of the stateful APIs.</summary>
    public SimulatorStatefulOptions Stateful { get; set; } = new();

    /// <summary>Deployments by name (the name clients put in the path or in <c>model</c>).</summary>
    public IDictionary<string, SimulatorDeploymentOptions> Deployments { get; set; } =
        new Dictionary<string, SimulatorDeploymentOptions>(StringComparer.OrdinalIgnoreCase);
}
