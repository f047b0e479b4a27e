using AiGateway.Gateway.Metering;
using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Quotas;
using AiGateway.Shared.Services.Requests;
using AiGateway.Shared.Services.Teams;
using AiGateway.Shared.Services.Throttling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Portal.Tests.Components.Dashboard;

/// <summary>
/// For the pages that show live figures: a fake clock that drives both the records' times and the pages' timers, the
/// cluster figures read from the database (<see cref="ClusterTraffic"/>), and helpers that create teams and store
/// their usage records and throttle events as the gateway's batch writers do.
/// </summary>
public abstract class LiveFiguresTestBase : PortalComponentTestBase
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 15, 10, TimeSpan.Zero);

    protected LiveFiguresTestBase()
    {
        Clock = new FakeTimeProvider(Start);
        Services.AddSingleton<TimeProvider>(Clock);
        // The readers of stored records take the fake clock too, so "the last hour" is the test's hour.
        var dbFactory = Data.GetRequiredService<IDbContextFactory<PortalDbContext>>();
        Services.AddSingleton(new ClusterTraffic(dbFactory, Clock));
        Services.AddSingleton(new ThrottleExplorerService(dbFactory, Clock));
        Services.AddSingleton(new RequestExplorerService(dbFactory, Clock));
        Services.AddSingleton(Options.Create(new MeteringOptions { FlushIntervalMilliseconds = 2000 }));
    }

    protected FakeTimeProvider Clock { get; }

    protected async Task<TeamView> CreateTeamAsync(string name, params string[] members)
    {
        var teams = Data.GetRequiredService<TeamService>();
        var team = await teams.CreateAsync(new TeamInput { Name = name }, "test", Ct);
        foreach (var member in members)
        {
            await teams.AddMemberAsync(team.Id, new TeamMemberInput { UserId = member, Role = TeamRole.Member }, "test", Ct);
        }

        return team;
    }

    protected Task<QuotaPolicyView> CreateTeamPolicyAsync(Guid teamId, int? requestsPerMinute = null, int? tokensPerMinute = null, long? dailyTokens = null) =>
        Data.GetRequiredService<QuotaPolicyService>().CreateAsync(
            new QuotaPolicyInput { Scope = QuotaScope.Team, TeamId = teamId, RequestsPerMinute = requestsPerMinute, TokensPerMinute = tokensPerMinute, DailyTokenBudget = dailyTokens },
            "test",
            Ct);

    protected async Task AddRollupAsync(Guid teamId, DateTimeOffset hour, long requests, long promptTokens, long completionTokens, decimal cost, string alias = "gpt-4o-mini")
    {
        await using var db = await Data.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        db.UsageHourlyRollups.Add(new UsageHourlyRollup
        {
            HourStart = hour,
            TeamId = teamId,
            AliasName = alias,
            Requests = requests,
            PromptTokens = promptTokens,
            CompletionTokens = completionTokens,
            Cost = cost,
        });
        await db.SaveChangesAsync(Ct);
    }

    /// <summary>Requests the gateway sent to a provisioned deployment, as the usage writer stores them.</summary>
    protected async Task ServedAsync(TeamView team, int count = 1, long tokens = 100, int status = 200)
    {
        await EnsureBackendAsync();
        await using var db = await Data.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        for (var i = 0; i < count; i++)
        {
            db.UsageRecords.Add(new UsageRecord
            {
                At = Clock.GetUtcNow(),
                RequestId = $"req-{Guid.NewGuid():N}",
                TeamId = team.Id,
                AliasName = "gpt-4o-mini",
                DeploymentId = DeploymentId,
                BackendId = BackendId,
                Operation = "ChatCompletions",
                PromptTokens = (int)tokens,
                StatusCode = status,
                LatencyMs = 120,
            });
        }

        await db.SaveChangesAsync(Ct);
    }

    /// <summary>A quota refusal or backend throttle, as the throttle event writer stores it.</summary>
    protected async Task ThrottledAsync(ThrottleEvent throttleEvent)
    {
        await new ThrottleEventStore(Data.GetRequiredService<IDbContextFactory<PortalDbContext>>()).WriteAsync([throttleEvent], Ct);
    }

    /// <summary>The provisioned backend and deployment the requests go to, stored once.</summary>
    private async Task EnsureBackendAsync()
    {
        await using var db = await Data.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        if (await db.Backends.AnyAsync(b => b.Id == BackendId, Ct))
        {
            return;
        }

        db.Backends.Add(new Backend { Id = BackendId, Name = "ptu-sweden", BaseUrl = "https://ptu-sweden.example/", Tier = BackendTier.Provisioned, CreatedAt = Start });
        db.Deployments.Add(new Deployment { Id = DeploymentId, BackendId = BackendId, Name = "gpt-4o-mini-ptu", Model = "gpt-4o-mini", CreatedAt = Start });
        await db.SaveConfigurationChangesAsync("test", Ct);
    }

    protected static readonly Guid AliasId = Guid.Parse("0193c000-0000-7000-8000-0000000000a1");
    protected static readonly Guid DeploymentId = Guid.Parse("0193c000-0000-7000-8000-0000000000d1");
    protected static readonly Guid BackendId = Guid.Parse("0193c000-0000-7000-8000-0000000000b1");
}
