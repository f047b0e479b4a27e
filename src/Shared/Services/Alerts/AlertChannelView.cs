using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Alerts;

/// <summary>A channel as shown: the webhook URL only masked (scheme and host), never the stored secret.</summary>
public sealed record AlertChannelView(
    Guid Id,
    Guid? TeamId,
    string Name,
    AlertChannelKind Kind,
    string? Url,
    string? Recipients,
    IReadOnlyList<AlertKind> Kinds,
    bool Enabled,
    DateTimeOffset CreatedAt)
{
    public static AlertChannelView From(AlertChannel c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.Id, c.TeamId, c.Name, c.Kind, c.UrlDisplay, c.EmailRecipients, c.SubscribedKinds(), c.Enabled, c.CreatedAt);
    }
}
