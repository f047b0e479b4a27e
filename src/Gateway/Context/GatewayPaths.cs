namespace AiGateway.Gateway.Context;

/// <summary>
/// Which request paths are the gateway's: those whose first segment is <c>openai</c> or <c>v1</c>, in any case (as
/// routing matches them). Every answer on them is the gateway's, in the OpenAI error shape with a request id.
/// </summary>
public static class GatewayPaths
{
    /// <summary>
    /// Whether <paramref name="path"/> is a gateway path, counting one written with extra leading slashes
    /// (<c>//v1/...</c>, usually an endpoint configured with a trailing slash), which no route serves;
    /// <paramref name="wellFormed"/> says whether it starts with exactly one.
    /// </summary>
    public static bool IsGatewayPath(string? path, out bool wellFormed)
    {
        wellFormed = false;
        if (string.IsNullOrEmpty(path))
        {
            return false;
        }

        var start = 0;
        while (start < path.Length && path[start] == '/')
        {
            start++;
        }

        var rest = path.AsSpan(start);
        if (!StartsWithSegment(rest, "openai") && !StartsWithSegment(rest, "v1"))
        {
            return false;
        }

        wellFormed = start == 1;
        return true;
    }

    private static bool StartsWithSegment(ReadOnlySpan<char> path, string segment) =>
        path.StartsWith(segment, StringComparison.OrdinalIgnoreCase) && (path.Length == segment.Length || path[segment.Length] == '/');
}
