using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Alerts;
using AiGateway.Shared.Services.Budgets;
using AiGateway.Shared.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Shared.Tests.Services.Budgets;

/// <summary>
/// Budget notices from the hourly rollups on a real database: each threshold once per period, whichever of several
/// replicas sees it, and again in the next period.
/// </summary>
public sealed class BudgetThresholdCheckerTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 30, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Now);
    private readonly RecordingAlertPublisher _alerts = new();
    private TestDatabase _db = null!;
    private Team _team = null!;
    private ApiKey _key = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        _team = SampleData.Team();
        _key = SampleData.Key(_team);
        await using var db = _db.CreateDbContext();
        db.Teams.Add(_team);
        db.ApiKeys.Add(_key);
        await db.SaveConfigurationChangesAsync("test", Ct);
    }

    public async ValueTask DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task CheckAsync_SpendPassesThresholds_NotifiesEachReachedThresholdOnceWithItsFacts()
    {
        var policy = await PolicyAsync(p => p.DailyCostBudget = 10m);
        await SpendAsync(Now, cost: 8.5m);

        var first = await Checker(_alerts).CheckAsync(Ct);
        var again = await Checker(_alerts).CheckAsync(Ct);
        await SpendAsync(Now, cost: 1.5m, alias: "gpt-4o");
        var atTheBudget = await Checker(_alerts).CheckAsync(Ct);

        Assert.Equal(2, first);
        Assert.Equal(0, again);
        Assert.Equal(1, atTheBudget);
        Assert.Equal([50, 80, 100], _alerts.Notices.Select(n => int.Parse(n.Facts["percent"], System.Globalization.CultureInfo.InvariantCulture)));
        var notice = _alerts.Notices[1];
        Assert.Equal(AlertKind.BudgetThreshold, notice.Kind);
        Assert.Equal(_team.Id, notice.TeamId);
        Assert.Equal($"budget:{policy.Id:D}:cost:daily:20261125:80", notice.DedupeKey);
        Assert.Equal(_team.Name, notice.Facts["team"]);
        Assert.Equal($"Team {_team.Name}", notice.Facts["scope"]);
        Assert.Equal("10.00", notice.Facts["budget"]);
        Assert.Equal("8.50", notice.Facts["spent"]);
        Assert.Equal("daily (2026-11-25)", notice.Facts["period"]);
        await using var db = _db.CreateDbContext();
        Assert.Equal(3, await db.BudgetNotices.CountAsync(n => n.PolicyId == policy.Id && n.Period == BudgetPeriod.Daily, Ct));
    }

    [Fact]
    public async Task CheckAsync_TwoReplicasOnOneDatabase_NotifyEachThresholdOnceBetweenThem()
    {
        await PolicyAsync(p => p.MonthlyCostBudget = 100m);
        await SpendAsync(Now, cost: 85m);
        var other = new RecordingAlertPublisher();

        var sent = await Task.WhenAll(Checker(_alerts).CheckAsync(Ct), Checker(other).CheckAsync(Ct));
        var later = await Task.WhenAll(Checker(_alerts).CheckAsync(Ct), Checker(other).CheckAsync(Ct));

        Assert.Equal(2, sent.Sum());
        Assert.Equal(0, later.Sum());
        var keys = _alerts.Notices.Concat(other.Notices).Select(n => n.DedupeKey).Order().ToList();
        Assert.Equal(2, keys.Distinct().Count());
    }

    [Fact]
    public async Task CheckAsync_NewDay_NotifiesTheDailyBudgetAgainButNotTheMonthly()
    {
        await PolicyAsync(p => (p.DailyCostBudget, p.MonthlyCostBudget, p.BudgetAlertPercents) = (10m, 20m, "50"));
        await SpendAsync(Now, cost: 10m);
        await Checker(_alerts).CheckAsync(Ct);

        _clock.Advance(TimeSpan.FromDays(1));
        await SpendAsync(_clock.GetUtcNow(), cost: 6m);
        var nextDay = await Checker(_alerts).CheckAsync(Ct);

        Assert.Equal(["daily (2026-11-25)", "monthly (2026-11)", "daily (2026-11-26)"], _alerts.Notices.Select(n => n.Facts["period"]));
        Assert.Equal(1, nextDay);
    }

    [Fact]
    public async Task CheckAsync_NewMonth_NotifiesTheMonthlyBudgetAgain()
    {
        var policy = await PolicyAsync(p => (p.MonthlyTokenBudget, p.BudgetAlertPercents) = (1_000, "100"));
        await SpendAsync(Now, tokens: 1_000);
        await Checker(_alerts).CheckAsync(Ct);

        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 1, 0, 5, 0, TimeSpan.Zero));
        var beforeSpend = await Checker(_alerts).CheckAsync(Ct);
        await SpendAsync(_clock.GetUtcNow(), tokens: 1_200);
        var afterSpend = await Checker(_alerts).CheckAsync(Ct);

        Assert.Equal(0, beforeSpend);
        Assert.Equal(1, afterSpend);
        Assert.Equal($"budget:{policy.Id:D}:tokens:monthly:20261201:100", _alerts.Notices[^1].DedupeKey);
        Assert.Equal("1,200 tokens", _alerts.Notices[^1].Facts["spent"]);
    }

    [Fact]
    public async Task CheckAsync_KeyAndAliasPolicies_CountOnlyTheirOwnTraffic()
    {
        await using (var db = _db.CreateDbContext())
        {
            var alias = new ModelAlias { Name = "gpt-4o", CreatedAt = Now };
            db.Aliases.Add(alias);
            await db.SaveConfigurationChangesAsync("test", Ct);
            db.QuotaPolicies.Add(Policy(QuotaScope.Key, apiKeyId: _key.Id, configure: p => (p.DailyCostBudget, p.BudgetAlertPercents) = (10m, "50")));
            db.QuotaPolicies.Add(Policy(QuotaScope.TeamAlias, aliasId: alias.Id, configure: p => (p.DailyCostBudget, p.BudgetAlertPercents) = (10m, "50")));
            await db.SaveConfigurationChangesAsync("test", Ct);
        }

        await SpendAsync(Now, cost: 6m, key: Guid.Empty, alias: "gpt-4o");
        await SpendAsync(Now, cost: 4m, key: _key.Id, alias: "other");

        await Checker(_alerts).CheckAsync(Ct);

        var notice = Assert.Single(_alerts.Notices);
        Assert.Equal($"Team {_team.Name} on alias gpt-4o", notice.Facts["scope"]);
    }

    [Fact]
    public async Task CheckAsync_NoThresholds_SendsNothing()
    {
        await PolicyAsync(p => (p.DailyCostBudget, p.BudgetAlertPercents) = (1m, ""));
        await SpendAsync(Now, cost: 5m);

        Assert.Equal(0, await Checker(_alerts).CheckAsync(Ct));
        Assert.Empty(_alerts.Notices);
    }

    [Fact]
    public async Task BudgetNoticeService_EveryInterval_ChecksAgain()
    {
        await PolicyAsync(p => (p.DailyCostBudget, p.BudgetAlertPercents) = (10m, "50"));
        var options = Microsoft.Extensions.Options.Options.Create(new BudgetOptions { CheckInterval = TimeSpan.FromMinutes(1) });
        using var service = new BudgetNoticeService(Checker(_alerts), options, _clock, NullLogger<BudgetNoticeService>.Instance);
        await service.StartAsync(Ct);

        await SpendAsync(Now, cost: 5m);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var notice = await _alerts.NextAsync(Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await service.StopAsync(Ct);

        Assert.Equal("50", notice.Facts["percent"]);
    }

    private BudgetThresholdChecker Checker(IAlertPublisher alerts) =>
        new(_db, alerts, _clock, NullLogger<BudgetThresholdChecker>.Instance);

    private async Task<QuotaPolicy> PolicyAsync(Action<QuotaPolicy> configure)
    {
        await using var db = _db.CreateDbContext();
        var policy = Policy(QuotaScope.Team, configure: configure);
        db.QuotaPolicies.Add(policy);
        await db.SaveConfigurationChangesAsync("test", Ct);
        return policy;
    }

    private QuotaPolicy Policy(QuotaScope scope, Guid? apiKeyId = null, Guid? aliasId = null, Action<QuotaPolicy>? configure = null)
    {
        var policy = new QuotaPolicy
        {
            Scope = scope, TeamId = _team.Id, ApiKeyId = apiKeyId, AliasId = aliasId,
            ScopeKey = QuotaPolicy.KeyFor(scope, _team.Id, apiKeyId, aliasId), CreatedAt = Now,
        };
        configure?.Invoke(policy);
        return policy;
    }

    private async Task SpendAsync(DateTimeOffset at, decimal cost = 0m, long tokens = 0, Guid? key = null, string alias = "gpt-4o")
    {
        await using var db = _db.CreateDbContext();
        db.UsageHourlyRollups.Add(new UsageHourlyRollup
        {
            HourStart = new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, 0, 0, TimeSpan.Zero),
            TeamId = _team.Id,
            ApiKeyId = key ?? _key.Id,
            AliasName = alias,
            DeploymentId = Guid.NewGuid(),
            Requests = 1,
            PromptTokens = tokens / 2,
            CompletionTokens = tokens - (tokens / 2),
            Cost = cost,
        });
        await db.SaveChangesAsync(Ct);
    }
}
