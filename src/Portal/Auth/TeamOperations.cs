using Microsoft.AspNetCore.Authorization.Infrastructure;

namespace AiGateway.Portal.Auth;

/// <summary>
/// What can be done to a team, one requirement per action, judged against a <see cref="TeamResource"/> (or, for
/// <see cref="ManageOwnKey"/>, a <see cref="ApiKeyResource"/>) by <see cref="TeamAuthorizationHandler"/>. Creating and
/// deleting teams, quotas, backends, aliases and rollouts are not here: they need the Admin role.
/// </summary>
public static class TeamOperations
{
    /// <summary>See the team, its members and its limits.</summary>
    public static readonly OperationAuthorizationRequirement View = new() { Name = nameof(View) };

    /// <summary>Change the team's description.</summary>
    public static readonly OperationAuthorizationRequirement Edit = new() { Name = nameof(Edit) };

    public static readonly OperationAuthorizationRequirement ManageMembers = new() { Name = nameof(ManageMembers) };

    /// <summary>See, rotate and revoke every key of the team, whoever issued it.</summary>
    public static readonly OperationAuthorizationRequirement ManageAllKeys = new() { Name = nameof(ManageAllKeys) };

    /// <summary>Against a team: issue a key. Against a key: rotate or revoke it, if this person issued it (or may manage all keys).</summary>
    public static readonly OperationAuthorizationRequirement ManageOwnKey = new() { Name = nameof(ManageOwnKey) };

    /// <summary>Issue, list and revoke the team's API tokens.</summary>
    public static readonly OperationAuthorizationRequirement ManageTokens = new() { Name = nameof(ManageTokens) };

    /// <summary>Add, change, delete and test the team's alert channels, and read their delivery log (members only see the channels).</summary>
    public static readonly OperationAuthorizationRequirement ManageAlertChannels = new() { Name = nameof(ManageAlertChannels) };

    /// <summary>Read the team's usage and chargeback.</summary>
    public static readonly OperationAuthorizationRequirement ReadUsage = new() { Name = nameof(ReadUsage) };
}
