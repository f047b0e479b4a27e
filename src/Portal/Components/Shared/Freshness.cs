using System.Globalization;
using AiGateway.Gateway.Metering;

namespace AiGateway.Portal.Components.Shared;

/// <summary>
/// Says how fresh figures read from the database are: every replica writes its usage records and throttle events in
/// batches, gathered for <c>Metering:FlushIntervalMilliseconds</c>, so the newest requests show up about that late.
/// </summary>
public static class Freshness
{
    /// <summary>The delay between a request and its record in the database, rounded up to whole seconds (at least 1).</summary>
    public static int DelaySeconds(MeteringOptions metering)
    {
        ArgumentNullException.ThrowIfNull(metering);
        return Math.Max(1, (int)Math.Ceiling(metering.FlushIntervalMilliseconds / 1000.0));
    }

    public static string Describe(DateTimeOffset at, MeteringOptions metering) =>
        string.Create(CultureInfo.InvariantCulture, $"As of {at.UtcDateTime:HH:mm:ss} UTC; records reach the database within ~{DelaySeconds(metering)} s of a request, from every gateway replica.");
}
