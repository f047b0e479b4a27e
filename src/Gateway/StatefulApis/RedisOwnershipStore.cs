using System.Globalization;
using StackExchange.Redis;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>
/// Owners in Redis, shared by every replica: one string per object (<c>aigw:owner:{id}</c>) that expires with the
/// object. A Redis that is down is skipped (the database still answers), never an error for the client.
/// </summary>
public sealed class RedisOwnershipStore(IConnectionMultiplexer redis, TimeProvider clock) : IOwnershipStore
{
    internal const string Prefix = "aigw:owner:";

    public async ValueTask<ObjectOwner?> FindAsync(string objectId, CancellationToken ct)
    {
        var value = await redis.GetDatabase().StringGetAsync(Prefix + objectId).ConfigureAwait(false);
        return value.HasValue ? Parse(objectId, value.ToString()) : null;
    }

    public async ValueTask RecordAsync(ObjectOwner owner, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(owner);
        var ttl = owner.ExpiresAt - clock.GetUtcNow();
        if (ttl <= TimeSpan.Zero)
        {
            return;
        }

        await redis.GetDatabase().StringSetAsync(Prefix + owner.ObjectId, Format(owner), ttl).ConfigureAwait(false);
    }

    internal static string Format(ObjectOwner owner) => string.Join(
        '|',
        owner.Kind.ToString(),
        owner.DeploymentId.ToString("N"),
        owner.BackendId.ToString("N"),
        owner.TeamId.ToString("N"),
        owner.KeyId?.ToString("N") ?? "",
        owner.CreatedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        owner.ExpiresAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture));

    internal static ObjectOwner? Parse(string objectId, string value)
    {
        var parts = value.Split('|');
        if (parts.Length != 7
            || !Enum.TryParse<StoredObjectKind>(parts[0], out var kind)
            || !Guid.TryParse(parts[1], out var deployment)
            || !Guid.TryParse(parts[2], out var backend)
            || !Guid.TryParse(parts[3], out var team)
            || !long.TryParse(parts[5], NumberStyles.Integer, CultureInfo.InvariantCulture, out var created)
            || !long.TryParse(parts[6], NumberStyles.Integer, CultureInfo.InvariantCulture, out var expires))
        {
            return null;
        }

        Guid? key = Guid.TryParse(parts[4], out var k) ? k : null;
        return new ObjectOwner(
            objectId, kind, deployment, backend, team, key, DateTimeOffset.FromUnixTimeMilliseconds(created), DateTimeOffset.FromUnixTimeMilliseconds(expires));
    }
}
