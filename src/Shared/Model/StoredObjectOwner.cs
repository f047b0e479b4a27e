namespace AiGateway.Shared.Model;

/// <summary>
/// Which deployment created a stored object (a response, conversation, file, vector store, batch, assistant, thread or
/// image job) and which team (and key) may use it. The gateway routes every later call that names the object to that
/// deployment only; this table is the durable copy of that map, written behind the request path, read on a miss.
/// Deployments, backends, teams and keys are named by id, never by foreign key: ownership outlives configuration
/// changes, and a deleted deployment's objects simply answer 503 until they expire.
/// </summary>
public sealed class StoredObjectOwner
{
    /// <summary>The backend's id for the object, as clients name it (<c>resp_...</c>, <c>file-...</c>).</summary>
    public required string ObjectId { get; set; }

    /// <summary>What the object is (<c>Response</c>, <c>File</c>...).</summary>
    public required string Kind { get; set; }

    public Guid DeploymentId { get; set; }
    public Guid BackendId { get; set; }
    public Guid TeamId { get; set; }
    public Guid? ApiKeyId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the row may be pruned: the backend's own retention for the kind, as configured.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
