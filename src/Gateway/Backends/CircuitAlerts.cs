using System.Globalization;
using AiGateway.Shared.Services.Alerts;

namespace AiGateway.Gateway.Backends;

/// <summary>The alert a backend's circuit raises when it opens.</summary>
public static class CircuitAlerts
{
    /// <summary>
    /// Every replica counts its own failures, so several may open the same backend's circuit within moments; the dedupe
    /// key (backend and minute of opening) keeps that to one alert.
    /// </summary>
    public static AlertNotice Opened(Guid backendId, string backendName, DateTimeOffset openUntil, DateTimeOffset at) => new(
        AlertKind.CircuitOpened,
        $"Backend '{backendName}' circuit opened",
        string.Create(CultureInfo.InvariantCulture, $"The gateway stopped sending traffic to backend '{backendName}' after repeated failures; it tries again at {openUntil:u}."),
        at,
        DedupeKey: string.Create(CultureInfo.InvariantCulture, $"circuit:{backendId}:{at.UtcDateTime:yyyyMMddHHmm}"))
    {
        Facts = new Dictionary<string, string>
        {
            ["Backend"] = backendName,
            ["Open until"] = openUntil.ToString("u", CultureInfo.InvariantCulture),
        },
    };
}
