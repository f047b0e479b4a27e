namespace AiGateway.Simulator.State;

/// <summary>Latency model of a deployment (milliseconds).</summary>
internal sealed record LatencySettings(int TimeToFirstTokenMs, double PerTokenMs, int JitterMs);
