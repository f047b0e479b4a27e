namespace AiGateway.Shared.Model;

/// <summary>What a team API token may do for its team; nothing outside its team, whatever the scopes.</summary>
[Flags]
public enum TeamTokenScopes
{
    None = 0,

    /// <summary>List, issue, rotate and revoke the team's model keys.</summary>
    ManageKeys = 1,

    /// <summary>Read the team's usage and chargeback.</summary>
    ReadUsage = 2,
}
