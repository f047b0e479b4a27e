using System.Globalization;
using AiGateway.Shared.Services;

namespace AiGateway.Portal.Api;

/// <summary>
/// Reads query-string values that minimal APIs would otherwise reject with a generic binding error, so a bad value gets
/// a validation problem that names its parameter.
/// </summary>
internal static class AdminQuery
{
    /// <summary>An ISO 8601 date or date and time; one without an offset is UTC. Null when absent.</summary>
    public static DateTimeOffset? Instant(string field, string? value, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        const DateTimeStyles styles = DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal;
        // An unencoded '+' in an offset arrives as a space.
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, styles, out var instant)
            || DateTimeOffset.TryParse(value.Replace(' ', '+'), CultureInfo.InvariantCulture, styles, out instant))
        {
            return instant;
        }

        errors.Add(field, $"'{field}' must be an ISO 8601 date or time, e.g. 2026-11-01 or 2026-11-01T00:00:00Z.");
        return null;
    }

    /// <summary>A GUID; null when absent.</summary>
    public static Guid? Id(string field, string? value, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (Guid.TryParse(value, out var id))
        {
            return id;
        }

        errors.Add(field, $"'{field}' must be a GUID.");
        return null;
    }
}
