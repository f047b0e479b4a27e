using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Alerts;

/// <summary>One delivery in the log: which alert went to which channel, and how it went.</summary>
public sealed record AlertDeliveryView(
    Guid Id,
    Guid EventId,
    AlertKind Kind,
    string Title,
    Guid? TeamId,
    Guid ChannelId,
    string ChannelName,
    AlertChannelKind ChannelKind,
    AlertDeliveryState State,
    int Attempts,
    DateTimeOffset NextAttemptAt,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset? DeliveredAt)
{
    public static AlertDeliveryView From(AlertDelivery d)
    {
        ArgumentNullException.ThrowIfNull(d);
        return new(
            d.Id, d.EventId, d.Event!.Kind, d.Event.Title, d.Event.TeamId, d.ChannelId, d.Channel!.Name, d.Channel.Kind,
            d.State, d.Attempts, d.NextAttemptAt, d.LastError, d.CreatedAt, d.DeliveredAt);
    }
}
