using AiGateway.Shared.Services.Alerts;

namespace AiGateway.Shared.Model;

/// <summary>
/// Where alerts go: a team's channel (<see cref="TeamId"/> set) hears that team's notices, a global channel
/// (<see cref="TeamId"/> null) hears every notice. Webhook URLs carry their own credential (Slack and Teams URLs are
/// bearer secrets), so they are stored only as Data Protection ciphertext, with a masked form for display.
/// </summary>
public sealed class AlertChannel : IConfigurationEntity
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid? TeamId { get; set; }
    public Team? Team { get; set; }
    public required string Name { get; set; }
    public AlertChannelKind Kind { get; set; }

    /// <summary>The webhook URL as Data Protection ciphertext; null for e-mail channels.</summary>
    public string? ProtectedUrl { get; set; }

    /// <summary>What the portal shows of the URL: scheme and host, the path masked.</summary>
    public string? UrlDisplay { get; set; }

    /// <summary>E-mail recipients, comma-separated; null for webhook channels.</summary>
    public string? EmailRecipients { get; set; }

    /// <summary>The alert kinds this channel hears, comma-separated names of <see cref="AlertKind"/>.</summary>
    public string Kinds { get; set; } = "";

    public bool Enabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }

    public IReadOnlyList<AlertKind> SubscribedKinds() =>
        Kinds.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(k => Enum.TryParse<AlertKind>(k, out var kind) ? kind : (AlertKind?)null)
            .OfType<AlertKind>()
            .ToList();

    public bool Hears(AlertKind kind) => kind == AlertKind.Test || SubscribedKinds().Contains(kind);

    public static string FormatKinds(IEnumerable<AlertKind> kinds) => string.Join(",", kinds.Distinct().Order());
}
