namespace AiGateway.Simulator.Options;

/// <summary>
/// The stateful APIs (stored responses, conversations, files, vector stores, batches, assistants, image jobs):
/// everything is kept in memory, bounded, and lost when the simulator stops.
/// </summary>
public sealed class SimulatorStatefulOptions
{
    /// <summary>Most objects of one kind (responses, files, threads...) kept; the oldest is evicted past it.</summary>
    public int MaxObjectsPerKind { get; set; } = 1000;

    /// <summary>Largest file one upload may carry; more gets 413.</summary>
    public long MaxFileBytes { get; set; } = 16 * 1024 * 1024;

    /// <summary>Total bytes of all stored files (uploads and batch outputs); the oldest files are evicted past it.</summary>
    public long MaxStoredFileBytes { get; set; } = 128 * 1024 * 1024;

    /// <summary>Seconds (of the injected clock) a background response, batch, run, vector store file or image job takes.</summary>
    public int JobSeconds { get; set; } = 3;

    /// <summary>
    /// Lowercase letters and digits put at the start of the random part of every id, so two simulators never hand
    /// out the same id. Empty: a random tag per start.
    /// </summary>
    public string? InstanceTag { get; set; }

    /// <summary>
    /// The deployment whose rate limits and faults apply to stateful calls that name no model (files, conversations,
    /// vector stores...). Empty: the first chat deployment by name.
    /// </summary>
    public string? Deployment { get; set; }
}
