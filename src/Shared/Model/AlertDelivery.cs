namespace AiGateway.Shared.Model;

/// <summary>
/// One alert event on its way to one channel. A dispatcher claims it by a conditional update on its attempt count, so
/// of several replicas exactly one sends each attempt; <see cref="NextAttemptAt"/> is also the claim's lease.
/// </summary>
public sealed class AlertDelivery
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid EventId { get; set; }
    public AlertEvent? Event { get; set; }
    public Guid ChannelId { get; set; }
    public AlertChannel? Channel { get; set; }
    public AlertDeliveryState State { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }

    /// <summary>Why the last attempt failed, short, never a URL or a secret.</summary>
    public string? LastError { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }
}
