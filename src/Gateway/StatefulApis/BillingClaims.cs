using System.Collections.Concurrent;
using StackExchange.Redis;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>
/// Makes sure usage that is observed later (a background response seen completed, a batch's output) is billed once:
/// the first replica to claim an object's bill wins, through <c>SET NX</c> in Redis when configured, in memory otherwise.
/// </summary>
public sealed class BillingClaims(IConnectionMultiplexer? redis, TimeProvider clock)
{
    internal const string Prefix = "aigw:billed:";
    private readonly ConcurrentDictionary<string, DateTimeOffset> _claimed = new(StringComparer.Ordinal);

    public async ValueTask<bool> TryClaimAsync(string objectId, DateTimeOffset expiresAt)
    {
        if (redis is not null)
        {
            try
            {
                var ttl = expiresAt - clock.GetUtcNow();
                return await redis.GetDatabase().StringSetAsync(Prefix + objectId, "1", ttl > TimeSpan.Zero ? ttl : TimeSpan.FromDays(1), When.NotExists)
                    .ConfigureAwait(false);
            }
            catch (RedisException)
            {
                // Falls back to this replica's memory: at worst another replica bills the same object once more.
            }
        }

        return _claimed.TryAdd(objectId, expiresAt);
    }
}
