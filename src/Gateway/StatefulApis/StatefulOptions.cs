using System.ComponentModel.DataAnnotations;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>
/// <c>Gateway:Stateful</c>: how long the gateway remembers which deployment owns a stored object, who may use it,
/// and how large a streamed file upload may be.
/// </summary>
public sealed class StatefulOptions
{
    public const string SectionName = "Gateway:Stateful";

    /// <summary>How long a response's (and a conversation's, an image job's) owner is kept: the backends' own retention.</summary>
    [Range(1, 3650)]
    public int ResponseRetentionDays { get; set; } = 30;

    /// <summary>How long the owner of a file, vector store, batch, assistant or thread is kept.</summary>
    [Range(1, 36500)]
    public int ObjectRetentionDays { get; set; } = 365;

    /// <summary>Only the key that created an object may use it (otherwise any key of the owning team may).</summary>
    public bool IsolateByKey { get; set; }

    /// <summary>The largest file upload (multipart, streamed to the backend, never buffered).</summary>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>
    /// The alias whose deployments create objects that name no model (files, vector stores, batches, threads...).
    /// Unset: the first alias, by name, that the caller may use.
    /// </summary>
    public string? DefaultAlias { get; set; }

    /// <summary>How often new owners are written to the database (batched, off the request path).</summary>
    [Range(1, 3600)]
    public int FlushSeconds { get; set; } = 2;

    /// <summary>How often expired owners are pruned from the database.</summary>
    [Range(1, 1440)]
    public int PruneMinutes { get; set; } = 60;

    /// <summary>Owners kept in this replica's memory (the most recently used); older ones are read again from Redis or the database.</summary>
    [Range(100, 10_000_000)]
    public int MemoryCapacity { get; set; } = 200_000;
}
