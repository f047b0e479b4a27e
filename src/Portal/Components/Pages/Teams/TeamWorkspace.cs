using AiGateway.Gateway.Configuration;
using AiGateway.Portal.Auth;
using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Keys;
using AiGateway.Shared.Services.Quotas;
using AiGateway.Shared.Services.Teams;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Portal.Components.Pages.Teams;

/// <summary>
/// What the team pages may do, each call checked on the server before it reaches the application services: a team
/// action needs <see cref="PortalAccess.EnsureMayActForTeamAsync"/>, an admin action <see cref="PortalAccess.EnsureAdminAsync"/>.
/// The business rules (key limits, validation) stay in the services, which the management API calls too. Key changes
/// reload this replica's gateway configuration before they return, so a key just issued works at once here.
/// </summary>
public sealed class TeamWorkspace(
    PortalAccess access,
    TeamService teams,
    ApiKeyService keys,
    QuotaPolicyService quotas,
    AliasService aliases,
    IDbContextFactory<PortalDbContext> dbFactory,
    IGatewayReloader gateway,
    TimeProvider clock)
{
    public Task<bool> IsAdminAsync() => access.IsAdminAsync();

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

    public async Task<TeamView> GetTeamAsync(Guid teamId, CancellationToken ct = default)
    {
        await access.EnsureMayActForTeamAsync(teamId, ct);
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

    public async Task<IReadOnlyList<ApiKeyView>> ListKeysAsync(Guid teamId, CancellationToken ct = default)
    {
        await access.EnsureMayActForTeamAsync(teamId, ct);
        return await keys.ListAsync(teamId, ct);
    }

    public async Task<IssuedApiKey> IssueKeyAsync(Guid teamId, ApiKeyInput input, CancellationToken ct = default)
    {
        await access.EnsureMayActForTeamAsync(teamId, ct);
        var issued = await keys.IssueAsync(teamId, input, await access.ActorAsync(), ct: ct);
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
        await access.EnsureMayActForTeamAsync(teamId, ct);
        return await teams.ListMembersAsync(teamId, ct);
    }

    public async Task<TeamMemberView> AddMemberAsync(Guid teamId, TeamMemberInput input, CancellationToken ct = default)
    {
        await access.EnsureAdminAsync("Only an administrator may add a team member.");
        return await teams.AddMemberAsync(teamId, input, await access.ActorAsync(), ct);
    }

    public async Task RemoveMemberAsync(Guid teamId, Guid memberId, CancellationToken ct = default)
    {
        await access.EnsureAdminAsync("Only an administrator may remove a team member.");
        await teams.RemoveMemberAsync(teamId, memberId, await access.ActorAsync(), ct);
    }

    public async Task<IReadOnlyList<QuotaPolicyView>> ListQuotaPoliciesAsync(Guid teamId, CancellationToken ct = default)
    {
        await access.EnsureMayActForTeamAsync(teamId, ct);
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

    /// <summary>A key id is only acted on through the team it belongs to, so team access covers the key.</summary>
    private async Task EnsureKeyOfTeamAsync(Guid teamId, Guid keyId, CancellationToken ct)
    {
        await access.EnsureMayActForTeamAsync(teamId, ct);
        if ((await keys.GetAsync(keyId, ct)).TeamId != teamId)
        {
            throw new EntityNotFoundException("API key", keyId);
        }
    }

    private async Task EnsurePolicyOfTeamAsync(Guid teamId, Guid policyId, CancellationToken ct)
    {
        if ((await quotas.GetAsync(policyId, ct)).TeamId != teamId)
        {
            throw new EntityNotFoundException("Quota policy", policyId);
        }
    }
}
