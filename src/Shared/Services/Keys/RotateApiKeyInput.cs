namespace AiGateway.Shared.Services.Keys;

public sealed record RotateApiKeyInput
{
    public const int DefaultOverlapMinutes = 24 * 60;
    public const int MaxOverlapMinutes = 30 * 24 * 60;

    /// <summary>How long the old key keeps working beside the new one, so clients can switch without an outage; 0 ends it at once.</summary>
    public int OverlapMinutes { get; init; } = DefaultOverlapMinutes;
}
