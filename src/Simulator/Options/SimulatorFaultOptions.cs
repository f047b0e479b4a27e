namespace AiGateway.Simulator.Options;

/// <summary>Failures a deployment injects. Rates are shares between 0 and 1 and together may not exceed 1.</summary>
public sealed class SimulatorFaultOptions
{
    /// <summary>Share of requests answered with <see cref="ErrorStatus"/>.</summary>
    public double ErrorRate { get; set; }

    /// <summary>500 or 503.</summary>
    public int ErrorStatus { get; set; } = 500;

    /// <summary>Every request gets 429 until this moment.</summary>
    public DateTimeOffset? ThrottleStormUntil { get; set; }

    /// <summary>Every request gets 429 for this many seconds from start (or from the PATCH that sets it).</summary>
    public int ThrottleStormSeconds { get; set; }

    /// <summary>Retry-after sent during a storm; 0 means "until the storm ends".</summary>
    public int ThrottleRetryAfterMs { get; set; }

    /// <summary>Share of requests that never get an answer (until the client gives up).</summary>
    public double HangRate { get; set; }

    /// <summary>Streams are aborted, without <c>[DONE]</c>, after this many frames; 0 means never.</summary>
    public int CutStreamAfterChunks { get; set; }

    /// <summary>Share of requests answered with Azure's content-filter 400.</summary>
    public double ContentFilterRate { get; set; }

    /// <summary>Extra delay before the first byte of every answer.</summary>
    public int SlowFirstByteMs { get; set; }
}
