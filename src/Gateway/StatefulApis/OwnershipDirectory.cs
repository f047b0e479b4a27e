using AiGateway.Gateway.Authentication;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>
/// The ownership map the request path asks: memory first, then Redis (when configured, shared by replicas), then the
/// database. A new owner goes to memory and Redis at once and to the database in the next batch. What a slower layer
/// knew is copied into the faster ones, so a miss costs at most one Redis read and one indexed database read.
/// </summary>
public sealed partial class OwnershipDirectory(
    InProcessOwnershipStore memory,
    RedisOwnershipStore? redis,
    DatabaseOwnershipStore database,
    IOptionsMonitor<StatefulOptions> options,
    TimeProvider clock,
    ILogger<OwnershipDirectory> logger)
{
    /// <summary>Remembers that <paramref name="caller"/>'s request created <paramref name="objectId"/> on the deployment.</summary>
    public async ValueTask<ObjectOwner> RecordAsync(
        string objectId, StoredObjectKind kind, Guid deploymentId, Guid backendId, GatewayCaller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var now = clock.GetUtcNow();
        var owner = new ObjectOwner(objectId, kind, deploymentId, backendId, caller.Team.Id, caller.Key?.Id, now, now + RetentionOf(kind));
        await RecordAsync(owner, ct).ConfigureAwait(false);
        return owner;
    }

    /// <summary>Stores an owner in every layer (the database's write is queued).</summary>
    public async ValueTask RecordAsync(ObjectOwner owner, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(owner);
        await memory.RecordAsync(owner, ct).ConfigureAwait(false);
        if (redis is not null)
        {
            try
            {
                await redis.RecordAsync(owner, ct).ConfigureAwait(false);
            }
            catch (RedisException e)
            {
                Log.RedisFailed(logger, e);
            }
        }

        await database.RecordAsync(owner, ct).ConfigureAwait(false);
    }

    /// <summary>
    /// The owner of <paramref name="objectId"/> when <paramref name="caller"/> may use it; null when the object is
    /// unknown or another team's (or key's), which callers answer alike.
    /// </summary>
    public async ValueTask<ObjectOwner?> FindForAsync(string objectId, GatewayCaller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var owner = await FindAsync(objectId, ct).ConfigureAwait(false);
        return owner is not null && owner.BelongsTo(caller, options.CurrentValue.IsolateByKey) ? owner : null;
    }

    /// <summary>
    /// The one owner of every id a request names (a request can only be sent to one deployment): null owner when it
    /// names none; otherwise the first id that is unknown, another team's, or owned elsewhere than the ids before it,
    /// which callers answer 404.
    /// </summary>
    public async ValueTask<(ObjectOwner? Owner, string? NotFound)> FindCommonOwnerAsync(IReadOnlyList<string> objectIds, GatewayCaller caller, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(objectIds);
        ObjectOwner? owner = null;
        foreach (var id in objectIds)
        {
            var found = await FindForAsync(id, caller, ct).ConfigureAwait(false);
            if (found is null || (owner is not null && found.DeploymentId != owner.DeploymentId))
            {
                return (null, id);
            }

            owner = found;
        }

        return (owner, null);
    }

    public async ValueTask<ObjectOwner?> FindAsync(string objectId, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(objectId) || objectId.Length > 256)
        {
            return null;
        }

        var owner = await memory.FindAsync(objectId, ct).ConfigureAwait(false);
        if (owner is not null)
        {
            return owner;
        }

        if (redis is not null)
        {
            try
            {
                owner = await redis.FindAsync(objectId, ct).ConfigureAwait(false);
            }
            catch (RedisException e)
            {
                Log.RedisFailed(logger, e);
            }

            if (owner is not null)
            {
                await memory.RecordAsync(owner, ct).ConfigureAwait(false);
                return owner;
            }
        }

        owner = await database.FindAsync(objectId, ct).ConfigureAwait(false);
        if (owner is not null)
        {
            await memory.RecordAsync(owner, ct).ConfigureAwait(false);
        }

        return owner;
    }

    private TimeSpan RetentionOf(StoredObjectKind kind)
    {
        var settings = options.CurrentValue;
        return kind is StoredObjectKind.Response or StoredObjectKind.Conversation or StoredObjectKind.ImageJob
            ? TimeSpan.FromDays(settings.ResponseRetentionDays)
            : TimeSpan.FromDays(settings.ObjectRetentionDays);
    }

    private static partial class Log
    {
        [LoggerMessage(900, LogLevel.Warning, "Redis did not answer an ownership read or write; the database stands in")]
        public static partial void RedisFailed(ILogger logger, Exception exception);
    }
}
