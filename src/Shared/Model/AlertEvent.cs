using AiGateway.Shared.Services.Alerts;

namespace AiGateway.Shared.Model;

/// <summary>
/// A stored alert notice: the outbox every replica's dispatcher reads. A <see cref="DedupeKey"/> is unique, so a notice
/// two replicas raise for the same thing is stored, and delivered, once. History: the team is named by id, not by key.
/// </summary>
public sealed class AlertEvent
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public AlertKind Kind { get; set; }
    public Guid? TeamId { get; set; }
    public required string Title { get; set; }
    public required string Message { get; set; }

    /// <summary>The notice's facts as a JSON object of strings.</summary>
    public string FactsJson { get; set; } = "{}";

    public DateTimeOffset At { get; set; }
    public string? DedupeKey { get; set; }

    public List<AlertDelivery> Deliveries { get; set; } = [];
}
