namespace AiGateway.Gateway.StatefulApis;

/// <summary>One layer of the ownership map: this replica's memory, Redis shared by replicas, or the database.</summary>
public interface IOwnershipStore
{
    ValueTask<ObjectOwner?> FindAsync(string objectId, CancellationToken ct);

    ValueTask RecordAsync(ObjectOwner owner, CancellationToken ct);
}
