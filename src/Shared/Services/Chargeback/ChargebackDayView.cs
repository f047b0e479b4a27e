namespace AiGateway.Shared.Services.Chargeback;

/// <summary>Whether a day's fixed costs are closed, and who closed or re-opened it, when and why.</summary>
public sealed record ChargebackDayView(
    DateOnly Day,
    ChargebackDayState State,
    DateTimeOffset? ClosedAt,
    string? ClosedBy,
    DateTimeOffset? ReopenedAt,
    string? ReopenedBy,
    string? ReopenReason);
