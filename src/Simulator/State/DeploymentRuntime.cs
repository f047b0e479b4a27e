using AiGateway.Simulator.Faults;
using AiGateway.Simulator.Limits;

namespace AiGateway.Simulator.State;

/// <summary>One deployment at run time: its current settings, its rate window, its fault sequence and its counters.</summary>
internal sealed class DeploymentRuntime(string name, DeploymentSettings settings, int? seed, TimeProvider time)
{
    private volatile DeploymentSettings _settings = settings;

    public string Name { get; } = name;

    /// <summary>Read once per request and used to the end of it.</summary>
    public DeploymentSettings Settings => _settings;

    public SlidingWindowLimiter Limiter { get; } = new(time);

    public FaultInjector Faults { get; } = new(name, seed);

    public DeploymentStats Stats { get; } = new();

    public void Update(DeploymentSettings settings) => _settings = settings;
}
