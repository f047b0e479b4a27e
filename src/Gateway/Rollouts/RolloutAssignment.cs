using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.Configuration;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Rollouts;

/// <summary>
/// Decides which side of a rollout serves a request. Per client (the default), each client (its key, else its Entra
/// app, else its team) hashes with the rollout's id to a fixed point among 10,000; the client is on green when that
/// point lies below the weight. The point does not move while the rollout lasts, so a client keeps its side while the
/// weight stays, and a higher weight only moves clients from blue to green. Hashing with the rollout's id gives each
/// rollout a fresh draw, so the same clients are not always the first to get every new model. Per request, each
/// request draws its own point, so green gets its share of requests however few clients call.
/// </summary>
public static class RolloutAssignment
{
    /// <summary>The request header with which a tester asks for one side: <c>green</c> or <c>blue</c>.</summary>
    public const string HeaderName = "x-gateway-rollout";

    public const int Buckets = 10_000;

    /// <param name="random">The draw for per-request assignment; <see cref="Random.Shared"/> when not given.</param>
    public static RolloutSide Choose(RolloutEntry rollout, GatewayCaller caller, string? optIn, Random? random = null)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(caller);
        if (rollout.GreenUnavailable)
        {
            return RolloutSide.Blue;
        }

        if (string.Equals(optIn, "green", StringComparison.OrdinalIgnoreCase))
        {
            return RolloutSide.Green;
        }

        if (string.Equals(optIn, "blue", StringComparison.OrdinalIgnoreCase))
        {
            return RolloutSide.Blue;
        }

        if (rollout.Assignment == RolloutAssignmentMode.PerRequest)
        {
            return (random ?? Random.Shared).Next(Buckets) < rollout.Weight * (Buckets / 100) ? RolloutSide.Green : RolloutSide.Blue;
        }

        return IsGreen(rollout.Id, caller, rollout.Weight) ? RolloutSide.Green : RolloutSide.Blue;
    }

    public static bool IsGreen(Guid rolloutId, GatewayCaller caller, int weightPercent) =>
        Bucket(rolloutId, caller) < weightPercent * (Buckets / 100);

    /// <summary>The caller's fixed point in [0, <see cref="Buckets"/>) for this rollout.</summary>
    public static int Bucket(Guid rolloutId, GatewayCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var hash = Offset;
        hash = Mix(hash, rolloutId);
        if (caller.Key is { } key)
        {
            hash = Mix(hash, key.Id);
        }
        else if (caller.EntraAppId is { } app)
        {
            foreach (var c in app)
            {
                hash = (hash ^ char.ToLowerInvariant(c)) * Prime;
            }
        }
        else
        {
            hash = Mix(hash, caller.Team.Id);
        }

        return (int)(Finish(hash) % Buckets);
    }

    // FNV-1a over the bytes, then a 64-bit finaliser: cheap, stable across processes and runtimes (unlike
    // string.GetHashCode), and well spread even for version-7 GUIDs whose leading bytes are a timestamp.
    private const ulong Offset = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    private static ulong Mix(ulong hash, Guid value)
    {
        Span<byte> bytes = stackalloc byte[16];
        value.TryWriteBytes(bytes);
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * Prime;
        }

        return hash;
    }

    private static ulong Finish(ulong h)
    {
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdUL;
        h ^= h >> 33;
        h *= 0xc4ceb9fe1a85ec53UL;
        h ^= h >> 33;
        return h;
    }
}
