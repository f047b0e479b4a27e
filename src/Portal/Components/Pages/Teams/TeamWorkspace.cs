using AiGateway.Gateway.Configuration;
using AiGateway.Portal.Auth;
using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Keys;
using AiGateway.Shared.Services.Quotas;
using AiGateway.Shared.Services.Spend;
using AiGateway.Shared.Services.Teams;
using AiGateway.Shared.Services.TeamTokens;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Portal.Components.Pages.Teams;

/// <summary>
/// What the team pages may do, each call checked on the server before it reaches the application services: a team
/// action by the <see cref="TeamOperations"/> rule for it, an admin action by <see cref="PortalAccess.EnsureAdminAsync"/>.
/// The business rules (key limits, validation) stay in the services, which the management API calls too. Key changes
/// reload this replica's gateway configuration before they return, so a key just issued works at once here.
/// </summary>
public sealed class TeamWorkspace(
    PortalAccess access,
    TeamService teams,
    ApiKeyService keys,
    TeamTokenService tokens,
    QuotaPolicyService quotas,
    AliasService aliases,
    TeamSpendService spend,
    IDbContextFactory<PortalDbContext> dbFactory,
    IGatewayReloader gateway,
    TimeProvider clock)
{
    public Task<bool> IsAdminAsync() => access.IsAdminAsync();

    /// <summary>Which of the team's controls to show this person.</summary>
    public Task<TeamPermissions> PermissionsAsync(Guid teamId) => access.PermissionsAsync(teamId);

    /// <summary>Whether to offer rotate and revoke on this key.</summary>
    public Task<bool> MayManageKeyAsync(ApiKeyView key) => access.MayManageKeyAsync(key);

    /// <summary>The teams this person may see, with each team's count of active keys.</summary>
    public async Task<IReadOnlyList<TeamSummary>> ListTeamsAsync(CancellationToken ct = default)
    {
        var visible = await access.TeamsAsync(ct);
        var all = await teams.ListAsync(ct);
        var shown = visible is null ? all : all.Where(t => visible.Contains(t.Id)).ToList();
        var ids = shown.Select(t => t.Id).ToList();

        // One read for every team's keys, instead of a query per row; keys per team are few.
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var teamKeys = await db.ApiKeys.AsNoTracking().Where(k => ids.Contains(k.TeamId)).ToListAsync(ct);
        var now = clock.GetUtcNow();
        var active = teamKeys.Where(k => k.IsActiveAt(now)).GroupBy(k => k.TeamId).ToDictionary(g => g.Key, g => g.Count());
        return shown.Select(t => new TeamSummary(t, active.GetValueOrDefault(t.Id))).ToList();
    }

    /// <summary>The team's spend in a month (<c>yyyy-MM</c>, null for this one), for whoever may read its usage.</summary>
    public async Task<TeamSpendView> GetSpendAsync(Guid teamId, string? month, CancellationToken ct = default)
    {
        await access.EnsureAsync(teamId, TeamOperations.ReadUsage, "You are not a member of this team.");
        return await spend.GetAsync(teamId, month, ct);
    }

    public async Task<TeamView> GetTeamAsync(Guid teamId, CancellationToken ct = default)
    {
        await EnsureMemberAsync(teamId);
        return await teams.GetAsync(teamId, ct);
    }

    public async Task<TeamView> CreateTeamAsync(TeamInput input, CancellationToken ct = default)
    {
        await access.EnsureAdminAsync("Only an administrator may onboard a team.");
        return await teams.CreateAsync(input, await access.ActorAsync(), ct);
    }

    public async Task<TeamView> UpdateTeamAsync(Guid teamId, TeamInput input, CancellationToken ct = default)
    {
        await access.EnsureAdminAsync("Only an administrator may change a team.");
        return await teams.UpdateAsync(teamId, input, await access.ActorAsync(), ct);
    }

    public async Task<TeamView> UpdateDescriptionAsync(Guid teamId, string? description, CancellationToken ct = default)
    {
        await access.EnsureAsync(teamId, TeamOperations.Edit, "Only the team's owners or an administrator may change its description.");
        return await teams.UpdateDescriptionAsync(teamId, new TeamDescriptionInput { Description = description }, await access.ActorAsync(), ct);
    }

    public async Task<TeamView> SetTeamEnabledAsync(Guid teamId, bool enabled, CancellationToken ct = default)
    {
        await access.EnsureAdminAsync($"Only an administrator may {(enabled ? "enable" : "disable")} a team.");
        var team = await teams.GetAsync(teamId, ct);
        return await teams.UpdateAsync(teamId, TeamInputs.From(team) with { Enabled = enabled }, await access.ActorAsync(), ct);
    }

    public async Task DeleteTeamAsync(Guid teamId, CancellationToken ct = default)
    {
        await access.EnsureAdminAsync("Only an administrator may delete a team.");
        await teams.DeleteAsync(teamId, await access.ActorAsync(), ct);
    }

    /// <summary>The alias names a key of this team may be scoped to: the team's allowed aliases, or every alias when it has none.</summary>
    public async Task<IReadOnlyList<string>> AliasesForTeamAsync(Guid teamId, CancellationToken ct = default)
    {
        var team = await GetTeamAsync(teamId, ct);
        var scope = AliasScope.Of(team.AllowedAliases);
        return [.. (await aliases.ListAsync(ct)).Select(a => a.Name).Where(scope.Allows)];
    }

    /// <summary>Every alias, for admin forms (a team's allowed aliases, a per-alias policy).</summary>
    public async Task<IReadOnlyList<AliasView>> ListAliasesAsync(CancellationToken ct = default) => await aliases.ListAsync(ct);

    /// <summary>Every key of the team for whoever manages all of them; a member sees the keys they issued.</summary>
    public async Task<IReadOnlyList<ApiKeyView>> ListKeysAsync(Guid teamId, CancellationToken ct = default)
    {
        await EnsureMemberAsync(teamId);
        var all = await keys.ListAsync(teamId, ct);
        if (await access.MayAsync(teamId, TeamOperations.ManageAllKeys))
        {
            return all;
        }

        var shown = new List<ApiKeyView>();
        foreach (var key in all)
        {
            if (await access.MayManageKeyAsync(key))
            {
                shown.Add(key);
            }
        }

        return shown;
    }

    public async Task<IssuedApiKey> IssueKeyAsync(Guid teamId, ApiKeyInput input, CancellationToken ct = default)
    {
        await access.EnsureAsync(teamId, TeamOperations.ManageOwnKey, "You are not a member of this team.");
        var issued = await keys.IssueAsync(
            teamId, input, await access.ActorAsync(), issuedByUserId: await access.PersonIdAsync(), mayRaisePriority: await access.IsAdminAsync(), ct: ct);
        await gateway.ReloadNowAsync(ct);
        return issued;
    }

    public async Task<IssuedApiKey> RotateKeyAsync(Guid teamId, Guid keyId, RotateApiKeyInput input, CancellationToken ct = default)
    {
        await EnsureKeyOfTeamAsync(teamId, keyId, ct);
        var issued = await keys.RotateAsync(keyId, input, await access.ActorAsync(), ct);
        await gateway.ReloadNowAsync(ct);
        return issued;
    }

    public async Task<ApiKeyView> RevokeKeyAsync(Guid teamId, Guid keyId, CancellationToken ct = default)
    {
        await EnsureKeyOfTeamAsync(teamId, keyId, ct);
        var revoked = await keys.RevokeAsync(keyId, await access.ActorAsync(), ct);
        await gateway.ReloadNowAsync(ct);
        return revoked;
    }

    public async Task<IReadOnlyList<TeamMemberView>> ListMembersAsync(Guid teamId, CancellationToken ct = default)
    {
        await EnsureMemberAsync(teamId);
        return await teams.ListMembersAsync(teamId, ct);
    }

    public async Task<TeamMemberView> AddMemberAsync(Guid teamId, TeamMemberInput input, CancellationToken ct = default)
    {
        await access.EnsureAsync(teamId, TeamOperations.ManageMembers, "Only the team's owners or an administrator may add a team member.");
        return await teams.AddMemberAsync(teamId, input, await access.ActorAsync(), ct);
    }

    public async Task RemoveMemberAsync(Guid teamId, Guid memberId, CancellationToken ct = default)
    {
        await access.EnsureAsync(teamId, TeamOperations.ManageMembers, "Only the team's owners or an administrator may remove a team member.");
        await teams.RemoveMemberAsync(teamId, memberId, await access.ActorAsync(), ct);
    }

    public async Task<IReadOnlyList<TeamTokenView>> ListTokensAsync(Guid teamId, CancellationToken ct = default)
    {
        await EnsureMayManageTokensAsync(teamId);
        return await tokens.ListAsync(teamId, ct);
    }

    public async Task<IssuedTeamToken> IssueTokenAsync(Guid teamId, TeamTokenInput input, CancellationToken ct = default)
    {
        await EnsureMayManageTokensAsync(teamId);
        return await tokens.IssueAsync(teamId, input, await access.ActorAsync(), ct);
    }

    public async Task<TeamTokenView> RevokeTokenAsync(Guid teamId, Guid tokenId, CancellationToken ct = default)
    {
        await EnsureMayManageTokensAsync(teamId);
        return await tokens.RevokeAsync(teamId, tokenId, await access.ActorAsync(), ct);
    }

    public async Task<IReadOnlyList<QuotaPolicyView>> ListQuotaPoliciesAsync(Guid teamId, CancellationToken ct = default)
    {
        await EnsureMemberAsync(teamId);
        return await quotas.ListAsync(teamId, ct);
    }

    public async Task<QuotaPolicyView> CreateQuotaPolicyAsync(Guid teamId, QuotaPolicyInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await access.EnsureAdminAsync("Only an administrator may set a quota.");
        return await quotas.CreateAsync(input with { TeamId = teamId }, await access.ActorAsync(), ct);
    }

    public async Task<QuotaPolicyView> UpdateQuotaPolicyAsync(Guid teamId, Guid policyId, QuotaPolicyInput input, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await access.EnsureAdminAsync("Only an administrator may change a quota.");
        await EnsurePolicyOfTeamAsync(teamId, policyId, ct);
        return await quotas.UpdateAsync(policyId, input with { TeamId = teamId }, await access.ActorAsync(), ct);
    }

    public async Task DeleteQuotaPolicyAsync(Guid teamId, Guid policyId, CancellationToken ct = default)
    {
        await access.EnsureAdminAsync("Only an administrator may delete a quota.");
        await EnsurePolicyOfTeamAsync(teamId, policyId, ct);
        await quotas.DeleteAsync(policyId, await access.ActorAsync(), ct);
    }

    private Task EnsureMemberAsync(Guid teamId) => access.EnsureAsync(teamId, TeamOperations.View, "You are not a member of this team.");

    private Task EnsureMayManageTokensAsync(Guid teamId) =>
        access.EnsureAsync(teamId, TeamOperations.ManageTokens, "Only the team's owners or an administrator may manage its API tokens.");

    /// <summary>A key id is only acted on through the team it belongs to, and only by whoever may manage that key.</summary>
    private async Task EnsureKeyOfTeamAsync(Guid teamId, Guid keyId, CancellationToken ct)
    {
        await EnsureMemberAsync(teamId);
        var key = await keys.GetAsync(keyId, ct);
        if (key.TeamId != teamId)
        {
            throw new EntityNotFoundException("API key", keyId);
        }

        await access.EnsureMayManageKeyAsync(key);
    }

    private async Task EnsurePolicyOfTeamAsync(Guid teamId, Guid policyId, CancellationToken ct)
    {
        if ((await quotas.GetAsync(policyId, ct)).TeamId != teamId)
        {
            throw new EntityNotFoundException("Quota policy", policyId);
        }
    }
}
