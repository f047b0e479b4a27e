using AiGateway.Gateway.Configuration;

namespace AiGateway.Gateway.Authentication;

/// <summary>Who is calling: a team, through one of its keys or one of its Entra ID apps.</summary>
public sealed record GatewayCaller(TeamEntry Team, ClientKeyEntry? Key, string? EntraAppId)
{
    /// <summary>Whether this caller may use the alias: both the key's scope and the team's allow it.</summary>
    public bool MayUse(string alias) =>
        (Key is null || Key.AllowedAliases.Allows(alias)) && Team.AllowedAliases.Allows(alias);
}
