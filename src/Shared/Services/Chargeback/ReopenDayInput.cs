namespace AiGateway.Shared.Services.Chargeback;

/// <summary>Why a closed day is re-opened: required, kept with the day and in the audit log.</summary>
public sealed record ReopenDayInput
{
    public string? Reason { get; init; }
}
