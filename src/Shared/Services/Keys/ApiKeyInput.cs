using System.ComponentModel;
using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Keys;

public sealed record ApiKeyInput
{
    public string? Name { get; init; }

    /// <summary>Aliases the key may call; empty means every alias its team may call.</summary>
    public IReadOnlyList<string>? AllowedAliases { get; init; }

    /// <summary>When the key stops working; null means never (unless the team requires a maximum lifetime).</summary>
    public DateTimeOffset? ExpiresAt { get; init; }

    /// <summary>The key's own priority class, overriding its team's; null for the team's.</summary>
    [Description(PriorityClassDocs.KeyOverride)]
    public PriorityClass? Priority { get; init; }
}
