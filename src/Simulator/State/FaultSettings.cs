namespace AiGateway.Simulator.State;

/// <summary>Failures a deployment injects; see <see cref="Options.SimulatorFaultOptions"/> for each meaning.</summary>
internal sealed record FaultSettings(
    double ErrorRate,
    int ErrorStatus,
    DateTimeOffset? ThrottleStormUntil,
    int ThrottleRetryAfterMs,
    double HangRate,
    int CutStreamAfterChunks,
    double ContentFilterRate,
    int SlowFirstByteMs)
{
    public bool HasRandomFaults => ErrorRate > 0 || HangRate > 0 || ContentFilterRate > 0;
}
