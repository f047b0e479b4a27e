using System.Globalization;

namespace AiGateway.Portal.Components.Pages.Teams;

/// <summary>How the team pages write times and limits: UTC and invariant, so every reader sees the same text.</summary>
public static class TeamFormat
{
    public static string Time(DateTimeOffset? value, string none = "never") =>
        value is { } v ? v.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) : none;

    public static string Limit(long? value) => value is { } v ? v.ToString("N0", CultureInfo.InvariantCulture) : "no limit";

    /// <summary>A budget in currency: two decimals at least, more only when the budget has them.</summary>
    public static string Money(decimal? value) => value is { } v ? v.ToString("#,##0.00##", CultureInfo.InvariantCulture) : "no limit";

    /// <summary>A policy's notice thresholds, e.g. <c>50 %, 80 %, 100 %</c>, or that it sends none.</summary>
    public static string Percents(string percents) =>
        percents.Length == 0 ? "no notices" : string.Join(", ", percents.Split(',').Select(p => p + " %"));

    public static string List(IReadOnlyList<string> values, string none) => values.Count == 0 ? none : string.Join(", ", values);
}
