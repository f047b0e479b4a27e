namespace AiGateway.Portal.Components.Pages.Aliases;

/// <summary>One priority tier of an alias: tried before every higher number; its active targets share its traffic by weight.</summary>
public sealed record TrafficTier(int Tier, bool PriorityFromBackend, IReadOnlyList<TrafficShare> Shares)
{
    public bool HasActiveTarget => Shares.Any(s => s.Idle is null);
}
