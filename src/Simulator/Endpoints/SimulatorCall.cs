using AiGateway.Simulator.State;

namespace AiGateway.Simulator.Endpoints;

/// <summary>Per-request facts the endpoint filter and the handlers share (kept as an HttpContext feature).</summary>
internal sealed class SimulatorCall(string requestId)
{
    public string RequestId { get; } = requestId;

    /// <summary>Set once the request names a known deployment; stats go there, else to "unrouted".</summary>
    public DeploymentRuntime? Deployment { get; set; }

    /// <summary>Whether the answer takes the Azure shape (filter results, Azure error wording) or the OpenAI one.</summary>
    public bool Azure { get; set; } = true;
}
