namespace AiGateway.Simulator.Faults;

/// <summary>What the fault injector decided for one request.</summary>
internal enum FaultOutcome
{
    None,
    ServerError,
    Hang,
    ContentFilter,
}
