using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.TeamTokens;

public sealed record TeamTokenInput
{
    public string? Name { get; init; }

    /// <summary>When the token stops working: required, in the future and within <see cref="TeamTokenService.MaxLifetimeDays"/> days.</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>What the token may do; at least one of <see cref="TeamTokenScopes.ManageKeys"/> and <see cref="TeamTokenScopes.ReadUsage"/>.</summary>
    public IReadOnlyList<TeamTokenScopes>? Scopes { get; init; }
}
