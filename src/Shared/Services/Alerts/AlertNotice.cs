namespace AiGateway.Shared.Services.Alerts;

/// <summary>
/// Something people should hear about. <see cref="TeamId"/> names the team it concerns (its channels get it, and the
/// global ones too); null for gateway-wide events. Notices with the same <see cref="DedupeKey"/> are delivered once,
/// whichever replica raised them (e.g. <c>budget:{policy}:{period start}:{percent}</c>).
/// </summary>
public sealed record AlertNotice(
    AlertKind Kind,
    string Title,
    string Message,
    DateTimeOffset At,
    Guid? TeamId = null,
    string? DedupeKey = null)
{
    /// <summary>Name/value facts shown as a table in the message (team, budget, spent, threshold, ...).</summary>
    public IReadOnlyDictionary<string, string> Facts { get; init; } = new Dictionary<string, string>();
}
