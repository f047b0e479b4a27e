using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Teams;

/// <summary>Onboarding and editing teams and their members; the portal and the management API both call it.</summary>
public sealed class TeamService(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    public async Task<IReadOnlyList<TeamView>> ListAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var teams = await db.Teams.AsNoTracking().OrderBy(t => t.Name).ToListAsync(ct);
        return teams.ConvertAll(TeamView.From);
    }

    public async Task<TeamView> GetAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return TeamView.From(await FindAsync(db, id, ct));
    }

    public async Task<TeamView> CreateAsync(TeamInput input, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await EnsureNameFreeAsync(db, input.Name!, null, ct);
        await EnsureEntraAppsFreeAsync(db, input.EntraAppIds, null, ct);
        var now = clock.GetUtcNow();
        var team = new Team { Name = input.Name!.Trim(), CreatedAt = now };
        Apply(team, input);
        foreach (var owner in (input.Owners ?? []).Select(o => o.Trim()).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            team.Members.Add(new TeamMember { UserId = owner, Role = TeamRole.Owner, AddedAt = now });
        }

        db.Teams.Add(team);
        await db.SaveConfigurationChangesAsync(actor, ct);
        return TeamView.From(team);
    }

    public async Task<TeamView> UpdateAsync(Guid id, TeamInput input, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var team = await FindAsync(db, id, ct);
        await EnsureNameFreeAsync(db, input.Name!, id, ct);
        await EnsureEntraAppsFreeAsync(db, input.EntraAppIds, id, ct);
        team.Name = input.Name!.Trim();
        Apply(team, input);
        await db.SaveConfigurationChangesAsync(actor, ct);
        return TeamView.From(team);
    }

    /// <summary>Changes only the team's description: what a team's owner may edit without an administrator.</summary>
    public async Task<TeamView> UpdateDescriptionAsync(Guid id, TeamDescriptionInput input, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new ValidationErrors();
        errors.MaxLength("description", input.Description, FieldLimits.Description);
        errors.ThrowIfAny();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var team = await FindAsync(db, id, ct);
        team.Description = string.IsNullOrWhiteSpace(input.Description) ? null : input.Description.Trim();
        await db.SaveConfigurationChangesAsync(actor, ct);
        return TeamView.From(team);
    }

    /// <summary>Removes a team with its members, keys and policies. Its usage history stays for chargeback.</summary>
    public async Task DeleteAsync(Guid id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var team = await db.Teams
            .Include(t => t.Members).Include(t => t.ApiKeys).Include(t => t.QuotaPolicies)
            .FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new EntityNotFoundException("Team", id);
        db.Teams.Remove(team);
        await db.SaveConfigurationChangesAsync(actor, ct);
    }

    public async Task<IReadOnlyList<TeamMemberView>> ListMembersAsync(Guid teamId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await FindAsync(db, teamId, ct);
        var members = await db.TeamMembers.AsNoTracking().Where(m => m.TeamId == teamId).OrderBy(m => m.UserId).ToListAsync(ct);
        return members.ConvertAll(TeamMemberView.From);
    }

    public async Task<TeamMemberView> AddMemberAsync(Guid teamId, TeamMemberInput input, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        ValidateMember(input);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await FindAsync(db, teamId, ct);
        var userId = input.UserId!.Trim();
        if (await db.TeamMembers.AnyAsync(m => m.TeamId == teamId && m.UserId == userId, ct))
        {
            throw new EntityConflictException($"'{userId}' is already a member of this team.");
        }

        var member = new TeamMember
        {
            TeamId = teamId,
            UserId = userId,
            DisplayName = input.DisplayName?.Trim(),
            Role = input.Role,
            AddedAt = clock.GetUtcNow(),
        };
        db.TeamMembers.Add(member);
        await db.SaveConfigurationChangesAsync(actor, ct);
        return TeamMemberView.From(member);
    }

    public async Task RemoveMemberAsync(Guid teamId, Guid memberId, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var member = await db.TeamMembers.FirstOrDefaultAsync(m => m.TeamId == teamId && m.Id == memberId, ct)
            ?? throw new EntityNotFoundException("Team member", memberId);
        db.TeamMembers.Remove(member);
        await db.SaveConfigurationChangesAsync(actor, ct);
    }

    internal static async Task<Team> FindAsync(PortalDbContext db, Guid id, CancellationToken ct) =>
        await db.Teams.FirstOrDefaultAsync(t => t.Id == id, ct) ?? throw new EntityNotFoundException("Team", id);

    private static async Task EnsureNameFreeAsync(PortalDbContext db, string name, Guid? self, CancellationToken ct)
    {
        var trimmed = name.Trim();
        if (await db.Teams.AnyAsync(t => t.Name == trimmed && t.Id != self, ct))
        {
            throw new EntityConflictException($"A team named '{trimmed}' already exists.");
        }
    }

    /// <summary>An app's tokens must map to exactly one team. Teams are few, so reading their app ids is cheap and works alike on every provider.</summary>
    private static async Task EnsureEntraAppsFreeAsync(PortalDbContext db, IReadOnlyList<string>? appIds, Guid? self, CancellationToken ct)
    {
        var wanted = Normalize(appIds);
        if (wanted.Count == 0)
        {
            return;
        }

        var others = await db.Teams.AsNoTracking().Where(t => t.Id != self).Select(t => new { t.Name, t.EntraAppIds }).ToListAsync(ct);
        foreach (var other in others)
        {
            var taken = other.EntraAppIds.Intersect(wanted, StringComparer.OrdinalIgnoreCase).FirstOrDefault();
            if (taken is not null)
            {
                throw new EntityConflictException($"Entra app '{taken}' already belongs to team '{other.Name}'.");
            }
        }
    }

    internal static void Apply(Team team, TeamInput input)
    {
        team.Description = input.Description?.Trim();
        team.Priority = input.Priority;
        team.AllowedRegions = Normalize(input.AllowedRegions);
        team.AllowedAliases = Normalize(input.AllowedAliases);
        team.EntraAppIds = Normalize(input.EntraAppIds);
        team.MaxKeys = input.MaxKeys;
        team.MaxKeyLifetimeDays = input.MaxKeyLifetimeDays;
        team.MaxRequestsInFlight = input.MaxRequestsInFlight;
        team.Enabled = input.Enabled;
    }

    internal static List<string> Normalize(IEnumerable<string>? values) =>
        (values ?? []).Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    internal static void ValidateMember(TeamMemberInput input)
    {
        var errors = new ValidationErrors();
        errors.RequireName("userId", input.UserId, FieldLimits.UserId);
        errors.MaxLength("displayName", input.DisplayName, FieldLimits.Name);
        errors.Defined("role", input.Role);
        errors.ThrowIfAny();
    }

    internal static void Validate(TeamInput input)
    {
        var errors = new ValidationErrors();
        errors.RequireName("name", input.Name);
        errors.MaxLength("description", input.Description, FieldLimits.Description);
        errors.Defined("priority", input.Priority);
        errors.Positive("maxKeys", input.MaxKeys);
        errors.Positive("maxKeyLifetimeDays", input.MaxKeyLifetimeDays);
        errors.Positive("maxRequestsInFlight", input.MaxRequestsInFlight);
        foreach (var appId in input.EntraAppIds ?? [])
        {
            if (!Guid.TryParse(appId, out _))
            {
                errors.Add("entraAppIds", $"'{appId}' is not an application (client) id; expected a GUID.");
            }
        }

        foreach (var owner in input.Owners ?? [])
        {
            errors.RequireName("owners", owner, FieldLimits.UserId);
        }

        errors.ThrowIfAny();
    }
}
