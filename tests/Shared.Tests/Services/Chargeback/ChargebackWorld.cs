using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Chargeback;
using AiGateway.Shared.Services.Spend;
using AiGateway.Shared.Services.Usage;
using AiGateway.Shared.Tests.Infrastructure;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Shared.Tests.Services.Chargeback;

/// <summary>
/// Two teams, a provisioned deployment with a fixed monthly cost in its price table (and no per-token price), a
/// standard deployment billed per token, and usage written the way the gateway writes it; the clock is a fake one.
/// </summary>
internal sealed class ChargebackWorld
{
    /// <summary>When the provisioned deployment's first price version took effect: long before the usage.</summary>
    public static readonly DateTimeOffset PricedFrom = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly TestDatabase _database;

    private ChargebackWorld(TestDatabase database, FakeTimeProvider clock)
    {
        _database = database;
        Clock = clock;
        Service = new ChargebackService(database, clock);
        Periods = NewPeriodService();
        Spend = new TeamSpendService(database, Service, clock);
    }

    public FakeTimeProvider Clock { get; }
    public ChargebackService Service { get; }
    public ChargebackPeriodService Periods { get; }
    public TeamSpendService Spend { get; }
    public Team Contoso { get; private set; } = null!;
    public Team Fabrikam { get; private set; } = null!;
    public Deployment Ptu { get; private set; } = null!;
    public Deployment Standard { get; private set; } = null!;

    public static async Task<ChargebackWorld> CreateAsync(TestDatabase database, decimal? ptuMonthlyCost, DateTimeOffset now)
    {
        var world = new ChargebackWorld(database, new FakeTimeProvider(now));
        var ptuBackend = SampleData.Backend("aoai-ptu");
        var standardBackend = SampleData.Backend("aoai-standard");
        standardBackend.Tier = BackendTier.Standard;
        world.Ptu = SampleData.Deployment(ptuBackend, "ptu-gpt-4o");
        // Provisioned: no per-token price; a monthly fixed cost when the test gives one.
        world.Ptu.Prices.Clear();
        if (ptuMonthlyCost is not null)
        {
            world.Ptu.Prices.Add(new DeploymentPrice { EffectiveFrom = PricedFrom, MonthlyFixedCost = ptuMonthlyCost, CreatedAt = PricedFrom });
        }

        world.Standard = SampleData.Deployment(standardBackend, "paygo-gpt-4o");
        world.Contoso = SampleData.Team("Contoso Retail");
        world.Fabrikam = SampleData.Team("Fabrikam");
        await using var db = database.CreateDbContext();
        db.AddRange(world.Contoso, world.Fabrikam, ptuBackend, standardBackend, world.Ptu, world.Standard);
        await db.SaveConfigurationChangesAsync("tester");
        return world;
    }

    /// <summary>Another closer, as a second replica on the same database would have.</summary>
    public ChargebackPeriodService NewPeriodService(TimeSpan? closeAfter = null) =>
        new(_database, Options.Create(new ChargebackOptions { CloseAfter = closeAfter ?? TimeSpan.FromHours(1) }), Clock);

    public async Task<Team> AddTeamAsync(string name)
    {
        var team = SampleData.Team(name);
        await SaveAsync(team);
        return team;
    }

    public async Task<ApiKey> AddKeyAsync(Team team, string name, string prefix)
    {
        var key = SampleData.Key(team, prefix);
        key.Team = null;
        key.TeamId = team.Id;
        key.Name = name;
        await SaveAsync(key);
        return key;
    }

    /// <summary>A new price version for the provisioned deployment from <paramref name="effectiveFrom"/>.</summary>
    public Task ChangePtuFixedCostAsync(decimal monthlyCost, DateTimeOffset effectiveFrom) =>
        SaveAsync(new DeploymentPrice { DeploymentId = Ptu.Id, EffectiveFrom = effectiveFrom, MonthlyFixedCost = monthlyCost, CreatedAt = Clock.GetUtcNow() });

    public async Task SaveAsync(object entity)
    {
        await using var db = _database.CreateDbContext();
        db.Add(entity);
        await db.SaveConfigurationChangesAsync("tester");
    }

    public Task UseAsync(
        Team team, Deployment deployment, DateTimeOffset at, int prompt, int completion, int requests, decimal cost = 0m, int status = 200,
        string alias = "gpt-4o", ApiKey? key = null) =>
        new UsageRollupWriter(_database).WriteAsync(
            [.. Enumerable.Range(0, requests).Select(i => new UsageRecord
            {
                At = at,
                RequestId = Guid.NewGuid().ToString("N"),
                TeamId = team.Id,
                ApiKeyId = key?.Id,
                AliasName = alias,
                DeploymentId = deployment.Id,
                BackendId = deployment.BackendId,
                Operation = "chat.completions",
                // The totals given are for all the requests; the first carries the remainder.
                PromptTokens = prompt / requests + (i == 0 ? prompt % requests : 0),
                CompletionTokens = completion / requests + (i == 0 ? completion % requests : 0),
                StatusCode = status,
                LatencyMs = 100,
                Cost = i == 0 ? cost : 0m,
            })],
            TestContext.Current.CancellationToken);

    /// <summary>An hourly rollup row as it stands, for figures the test wants exactly (every token type).</summary>
    public async Task AddRollupAsync(UsageHourlyRollup rollup)
    {
        await using var db = _database.CreateDbContext();
        db.UsageHourlyRollups.Add(rollup);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }
}
