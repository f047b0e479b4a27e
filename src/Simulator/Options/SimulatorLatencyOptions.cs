namespace AiGateway.Simulator.Options;

/// <summary>Latency model of a deployment: all zero by default, so tests run at full speed.</summary>
public sealed class SimulatorLatencyOptions
{
    /// <summary>Delay before the first byte of an answer.</summary>
    public int TimeToFirstTokenMs { get; set; }

    /// <summary>Delay per generated token (between stream frames; summed for a non-streamed answer).</summary>
    public double PerTokenMs { get; set; }

    /// <summary>Up to this much is added at random to the time to first token.</summary>
    public int JitterMs { get; set; }
}
