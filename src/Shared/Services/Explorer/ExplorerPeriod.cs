using AiGateway.Shared.Services.Usage;

namespace AiGateway.Shared.Services.Explorer;

/// <summary>
/// The time range an explorer searches: explicit [from, to), or the last <c>hours</c> up to now (and
/// <see cref="ClockSkew"/> past it). Bounded, so a search is always an indexed range over a limited stretch of records.
/// </summary>
public static class ExplorerPeriod
{
    public const int DefaultHours = 1;
    public const int MaxHours = 7 * 24;

    /// <summary>
    /// How far past now an open-ended search reaches: records carry the time of the replica that wrote them, and a
    /// replica whose clock runs a little ahead must not have its newest requests hidden.
    /// </summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    // Declared after ClockSkew: static fields are initialised in order.
    public static readonly TimeSpan MaxLength = TimeSpan.FromHours(MaxHours) + ClockSkew;

    /// <summary>Errors name the field: <c>hours</c>, <c>from</c> or <c>to</c>.</summary>
    public static ReportPeriod Resolve(DateTimeOffset? from, DateTimeOffset? to, int? hours, DateTimeOffset now)
    {
        if (hours is < 1 or > MaxHours)
        {
            throw RequestValidationException.For("hours", $"'hours' must be between 1 and {MaxHours}.");
        }

        var end = (to ?? now + ClockSkew).ToUniversalTime();
        var start = (from ?? (to ?? now).AddHours(-(hours ?? DefaultHours))).ToUniversalTime();
        return ReportPeriod.Validate(start, end, MaxLength);
    }
}
