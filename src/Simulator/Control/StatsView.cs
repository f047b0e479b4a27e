using AiGateway.Simulator.State;

namespace AiGateway.Simulator.Control;

/// <summary>What <c>GET /_simulator/stats</c> shows: counters per deployment, and for requests that reached none.</summary>
internal sealed record StatsView(IReadOnlyDictionary<string, DeploymentStatsView> Deployments, DeploymentStatsView Unrouted);
