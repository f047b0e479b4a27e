using AiGateway.Gateway.Configuration;
using AiGateway.Shared.Model;
using Microsoft.Extensions.Primitives;

namespace AiGateway.Gateway.Capacity;

/// <summary>
/// The class a request gets capacity in: its team's, or its key's own where the key has one, lowered (never raised)
/// by the request's <c>x-gateway-priority</c> header.
/// </summary>
public static class RequestPriority
{
    public const string HeaderName = "x-gateway-priority";

    /// <returns>False when the header names no class; <paramref name="priority"/> is then the caller's own.</returns>
    public static bool TryResolve(TeamEntry team, ClientKeyEntry? key, StringValues header, out PriorityClass priority)
    {
        ArgumentNullException.ThrowIfNull(team);
        priority = key?.Priority ?? team.Priority;
        if (StringValues.IsNullOrEmpty(header))
        {
            return true;
        }

        if (header.Count != 1 || !TryParse(header[0], out var asked))
        {
            return false;
        }

        // Asking for more than the caller has is not an error: the header only ever lowers.
        if (asked < priority)
        {
            priority = asked;
        }

        return true;
    }

    private static bool TryParse(string? value, out PriorityClass priority)
    {
        var trimmed = value.AsSpan().Trim();
        if (trimmed.Equals("low", StringComparison.OrdinalIgnoreCase))
        {
            priority = PriorityClass.Low;
            return true;
        }

        if (trimmed.Equals("normal", StringComparison.OrdinalIgnoreCase))
        {
            priority = PriorityClass.Normal;
            return true;
        }

        if (trimmed.Equals("high", StringComparison.OrdinalIgnoreCase))
        {
            priority = PriorityClass.High;
            return true;
        }

        priority = default;
        return false;
    }
}
