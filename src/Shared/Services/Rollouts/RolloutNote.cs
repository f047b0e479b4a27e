namespace AiGateway.Shared.Services.Rollouts;

/// <summary>
/// Why a transition happens, for its history entry: an admin's action has a default reason; the driver states the
/// guard figures that caused it, and the revision it judged, so a transition on state that changed meanwhile fails.
/// </summary>
public sealed record RolloutNote(string Reason, string? Metrics = null, int? ExpectedRevision = null);
