namespace AiGateway.Simulator.State;

/// <summary>
/// FNV-1a over a string. <see cref="string.GetHashCode()"/> is randomised per process, and seeds and
/// fingerprints must be the same in every run.
/// </summary>
internal static class StableHash
{
    public static ulong Of(string value)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in value)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }
}
