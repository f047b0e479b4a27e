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

    /// <summary>A UTC calendar day as <c>yyyy-MM-dd</c>; null when absent.</summary>
    public static DateOnly? Day(string field, string? value, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (DateOnly.TryParseExact(value.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors.Add(field, $"'{field}' must be a day as yyyy-MM-dd, e.g. 2026-11-03.");
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

    /// <summary>A whole number; null when absent.</summary>
    public static int? Int(string field, string? value, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        if (int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return number;
        }

        errors.Add(field, $"'{field}' must be a whole number.");
        return null;
    }

    /// <summary>One of an enum's names (any case); null when absent.</summary>
    public static TEnum? Name<TEnum>(string field, string? value, ValidationErrors errors)
        where TEnum : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        // Names only: Enum.TryParse would also take "7" or "0,1".
        foreach (var name in Enum.GetNames<TEnum>())
        {
            if (string.Equals(name, value.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return Enum.Parse<TEnum>(name);
            }
        }

        errors.Add(field, $"'{field}' must be one of: {string.Join(", ", Enum.GetNames<TEnum>())}.");
        return null;
    }
}
