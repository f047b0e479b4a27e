using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services;
using AiGateway.Shared.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Tests.Data;

/// <summary>The model on real databases: what is saved comes back, constraints hold, deletes cascade as designed.</summary>
public sealed class PortalDbContextTests
{
    private const string Actor = "tester";

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SaveConfiguration_FullGraph_ReadsBackEveryValue(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var team = SampleData.Team();
        team.Members.Add(new TeamMember { UserId = "ana@contoso.com", Role = TeamRole.Owner, AddedAt = SampleData.Now });
        var key = SampleData.Key(team);
        var backend = SampleData.Backend();
        var blue = SampleData.Deployment(backend, "gpt-4o-mini");
        var green = SampleData.Deployment(backend, "gpt-4o-mini-2");
        var alias = SampleData.Alias("gpt-4o-mini", blue);
        await using (var db = database.CreateDbContext())
        {
            db.AddRange(team, key, backend, green, alias);
            db.QuotaPolicies.Add(new QuotaPolicy
            {
                Scope = QuotaScope.TeamAlias, Team = team, Alias = alias, ScopeKey = "team-alias",
                RequestsPerMinute = 60, TokensPerMinute = 10_000, DailyTokenBudget = 1_000_000, MonthlyTokenBudget = 20_000_000_000, MaxTokensPerRequest = 512,
                CreatedAt = SampleData.Now,
            });
            db.Rollouts.Add(new Rollout
            {
                Alias = alias, FromDeployment = blue, ToDeployment = green, Strategy = RolloutStrategy.Canary,
                StepWeights = [1, 5, 25, 50, 100], CurrentWeight = 5, CreatedAt = SampleData.Now,
            });
            await db.SaveConfigurationChangesAsync(Actor);
            db.UsageRecords.Add(new UsageRecord
            {
                At = SampleData.Now, RequestId = "req-1", TeamId = team.Id, ApiKeyId = key.Id, AliasName = alias.Name, DeploymentId = blue.Id,
                Operation = "chat.completions", PromptTokens = 120, CompletionTokens = 30, StatusCode = 200, LatencyMs = 412, Cost = 0.0000396m,
            });
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateDbContext())
        {
            var savedTeam = await db.Teams.Include(t => t.Members).Include(t => t.ApiKeys).Include(t => t.QuotaPolicies).SingleAsync();
            Assert.Equal("Contoso Retail", savedTeam.Name);
            Assert.Equal(PriorityClass.High, savedTeam.Priority);
            Assert.Equal(["swedencentral", "westeurope"], savedTeam.AllowedRegions);
            Assert.Equal(TeamRole.Owner, Assert.Single(savedTeam.Members).Role);
            var savedKey = Assert.Single(savedTeam.ApiKeys);
            Assert.Equal(key.SecretHash, savedKey.SecretHash);
            Assert.Equal(SampleData.Now.AddDays(90), savedKey.ExpiresAt);
            Assert.Equal(20_000_000_000, Assert.Single(savedTeam.QuotaPolicies).MonthlyTokenBudget);

            var savedAlias = await db.Aliases.Include(a => a.Targets).ThenInclude(t => t.Deployment).ThenInclude(d => d!.Backend).SingleAsync();
            var target = Assert.Single(savedAlias.Targets);
            Assert.Equal(3, target.Weight);
            var price = await db.DeploymentPrices.SingleAsync(p => p.DeploymentId == target.DeploymentId);
            Assert.Equal(0.00066m, price.OutputPer1K);
            Assert.Equal(BackendTier.Provisioned, target.Deployment!.Backend!.Tier);

            var rollout = await db.Rollouts.SingleAsync();
            Assert.Equal([1, 5, 25, 50, 100], rollout.StepWeights);
            var usage = await db.UsageRecords.SingleAsync(u => u.At >= SampleData.Now.AddMinutes(-1) && u.At < SampleData.Now.AddMinutes(1));
            Assert.Equal(0.0000396m, usage.Cost);
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SaveConfiguration_DuplicateAliasName_IsRejectedAndNothingIsWritten(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var backend = SampleData.Backend();
        var deployment = SampleData.Deployment(backend);
        await using (var db = database.CreateDbContext())
        {
            db.AddRange(backend, SampleData.Alias("gpt-4o", deployment));
            await db.SaveConfigurationChangesAsync(Actor);
        }

        var versionBefore = await ReadVersionAsync(database);
        var auditBefore = await CountAuditAsync(database);
        await using (var db = database.CreateDbContext())
        {
            db.Aliases.Add(new ModelAlias { Name = "gpt-4o", CreatedAt = SampleData.Now });
            await Assert.ThrowsAsync<EntityConflictException>(() => db.SaveConfigurationChangesAsync(Actor));
        }

        Assert.Equal(versionBefore, await ReadVersionAsync(database));
        Assert.Equal(auditBefore, await CountAuditAsync(database));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SaveConfiguration_DuplicateKeyPrefix_IsRejected(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var team = SampleData.Team();
        await using (var db = database.CreateDbContext())
        {
            db.AddRange(team, SampleData.Key(team, "agw_DUPLICATEDUP"));
            await db.SaveConfigurationChangesAsync(Actor);
        }

        await using (var db = database.CreateDbContext())
        {
            var other = SampleData.Team("Other team");
            db.AddRange(other, SampleData.Key(other, "agw_DUPLICATEDUP"));
            await Assert.ThrowsAsync<EntityConflictException>(() => db.SaveConfigurationChangesAsync(Actor));
        }

        await using (var db = database.CreateDbContext())
        {
            Assert.Equal(1, await db.Teams.CountAsync());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DeleteTeam_CascadesToMembersKeysAndPolicies_KeepsUsageHistory(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var team = SampleData.Team();
        team.Members.Add(new TeamMember { UserId = "ana@contoso.com", AddedAt = SampleData.Now });
        var key = SampleData.Key(team);
        await using (var db = database.CreateDbContext())
        {
            db.AddRange(team, key);
            db.QuotaPolicies.Add(new QuotaPolicy { Scope = QuotaScope.Team, Team = team, ScopeKey = "t", RequestsPerMinute = 1, CreatedAt = SampleData.Now });
            db.QuotaPolicies.Add(new QuotaPolicy { Scope = QuotaScope.Key, Team = team, ApiKey = key, ScopeKey = "k", RequestsPerMinute = 1, CreatedAt = SampleData.Now });
            await db.SaveConfigurationChangesAsync(Actor);
            db.UsageRecords.Add(new UsageRecord { At = SampleData.Now, RequestId = "r", TeamId = team.Id, ApiKeyId = key.Id, AliasName = "a", Operation = "chat.completions" });
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateDbContext())
        {
            // The database's own cascade is what is under test, so delete without loading the dependents.
            db.Teams.Remove(await db.Teams.SingleAsync());
            await db.SaveConfigurationChangesAsync(Actor);
        }

        await using (var db = database.CreateDbContext())
        {
            Assert.Equal(0, await db.TeamMembers.CountAsync());
            Assert.Equal(0, await db.ApiKeys.CountAsync());
            Assert.Equal(0, await db.QuotaPolicies.CountAsync());
            Assert.Equal(1, await db.UsageRecords.CountAsync());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task DeleteDeployment_StillAnAliasTarget_IsRestrictedByTheDatabase(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var backend = SampleData.Backend();
        var deployment = SampleData.Deployment(backend);
        await using (var db = database.CreateDbContext())
        {
            db.AddRange(backend, SampleData.Alias("gpt-4o-mini", deployment));
            await db.SaveConfigurationChangesAsync(Actor);
        }

        await using (var db = database.CreateDbContext())
        {
            db.Deployments.Remove(await db.Deployments.SingleAsync());
            await Assert.ThrowsAsync<EntityConflictException>(() => db.SaveConfigurationChangesAsync(Actor));
        }

        await using (var db = database.CreateDbContext())
        {
            db.Aliases.Remove(await db.Aliases.SingleAsync());
            await db.SaveConfigurationChangesAsync(Actor);
            Assert.Equal(0, await db.AliasTargets.CountAsync());
            Assert.Equal(1, await db.Deployments.CountAsync());
        }
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task SaveConfiguration_AnyChange_BumpsVersionAndAuditsWithSecretsRedacted(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var before = await ReadVersionAsync(database);
        var backend = SampleData.Backend();
        await using (var db = database.CreateDbContext())
        {
            db.Backends.Add(backend);
            await db.SaveConfigurationChangesAsync("ana@contoso.com");
        }

        await using (var db = database.CreateDbContext())
        {
            var saved = await db.Backends.SingleAsync();
            saved.ProtectedApiKey = "new-ciphertext";
            saved.Region = "westeurope";
            await db.SaveConfigurationChangesAsync("ben@contoso.com");
        }

        Assert.Equal(before + 2, await ReadVersionAsync(database));
        await using (var db = database.CreateDbContext())
        {
            var events = await db.AuditEvents.OrderBy(e => e.Id).ToListAsync();
            Assert.Equal(["Backend.Created", "Backend.Updated"], events.Select(e => e.Action));
            Assert.Equal(["ana@contoso.com", "ben@contoso.com"], events.Select(e => e.Actor));
            Assert.All(events, e => Assert.Equal(backend.Id.ToString(), e.EntityId));
            var update = events[1];
            Assert.Contains("\"region\":\"swedencentral\"", update.Before, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("\"region\":\"westeurope\"", update.After, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("ciphertext", update.Before + update.After, StringComparison.Ordinal);
            Assert.Contains("***", update.After, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SaveChanges_ConfigurationChangeWithoutActor_IsRefused()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = database.CreateDbContext();
        db.Teams.Add(SampleData.Team());
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
    }

    private static async Task<long> ReadVersionAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        return await db.ConfigVersions.Select(v => v.Version).SingleAsync();
    }

    private static async Task<int> CountAuditAsync(TestDatabase database)
    {
        await using var db = database.CreateDbContext();
        return await db.AuditEvents.CountAsync();
    }
}
