using AiGateway.Simulator.Options;

namespace AiGateway.Simulator.Control;

/// <summary>What <c>GET /_simulator/config</c> shows (keys and the control token are never shown).</summary>
internal sealed record ConfigView(int? Seed, int DefaultCompletionTokens, IReadOnlyDictionary<string, SimulatorDeploymentOptions> Deployments);
