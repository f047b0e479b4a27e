using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// What one team, alias, backend or deployment did in a live snapshot's window: counts, and the per-minute rates
/// over the window. <see cref="Refused"/> (quota refusals, whether 429 or an exhausted budget's 403) is part of
/// <see cref="Throttled"/>, which counts every 429 and every quota refusal.
/// </summary>
public sealed record LiveTrafficFigures(
    Guid Id,
    string Name,
    long Requests,
    long Tokens,
    long Errors,
    long Throttled,
    long Refused,
    double RequestsPerMinute,
    double TokensPerMinute,
    BackendTier? Tier = null)
{
    /// <summary>Requests that got past the quotas: what a requests-per-minute limit counts.</summary>
    public long Admitted => Requests - Refused;

    public double ErrorRate => Requests == 0 ? 0 : (double)Errors / Requests;

    public double ThrottleRate => Requests == 0 ? 0 : (double)Throttled / Requests;
}
