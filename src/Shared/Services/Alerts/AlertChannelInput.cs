using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Alerts;

/// <summary>
/// A channel as the portal and API write it. <see cref="Url"/> is write-only: on update, leave it empty to keep the
/// stored one. <see cref="Recipients"/> is a comma-separated list of e-mail addresses.
/// </summary>
public sealed record AlertChannelInput(
    string? Name,
    AlertChannelKind Kind,
    string? Url = null,
    string? Recipients = null,
    IReadOnlyList<AlertKind>? Kinds = null,
    bool Enabled = true);
