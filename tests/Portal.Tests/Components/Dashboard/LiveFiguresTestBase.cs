using AiGateway.Gateway.Metering;
using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Quotas;
using AiGateway.Shared.Services.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Portal.Tests.Components.Dashboard;

/// <summary>
/// For the pages that show live figures: a fake clock that drives both the counters and the pages' timers, this
/// replica's <see cref="LiveTraffic"/> and <see cref="ThrottleLog"/>, and helpers that create teams and their usage.
/// </summary>
public abstract class LiveFiguresTestBase : PortalComponentTestBase
{
    public static readonly DateTimeOffset Start = new(2026, 11, 25, 10, 15, 10, TimeSpan.Zero);

    protected LiveFiguresTestBase()
    {
        Clock = new FakeTimeProvider(Start);
        Live = new LiveTraffic(Clock);
        Throttles = new ThrottleLog(Clock);
        Services.AddSingleton<TimeProvider>(Clock);
        Services.AddSingleton(Live);
        Services.AddSingleton(Throttles);
    }

    protected FakeTimeProvider Clock { get; }
    protected LiveTraffic Live { get; }
    protected ThrottleLog Throttles { get; }

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

    /// <summary>A request the gateway served on a provisioned deployment, as the metering step reports it.</summary>
    protected void Served(TeamView team, int count = 1, long tokens = 100, int status = 200)
    {
        for (var i = 0; i < count; i++)
        {
            Live.Record(new LiveTrafficSample(
                team.Id, team.Name, AliasId, "gpt-4o-mini", DeploymentId, "gpt-4o-mini-ptu", BackendId, "ptu-sweden",
                status < 400 ? BackendTier.Provisioned : null, status, tokens, 120, QuotaRefused: false, SpilledOver: false));
        }
    }

    protected static readonly Guid AliasId = Guid.Parse("0193c000-0000-7000-8000-0000000000a1");
    protected static readonly Guid DeploymentId = Guid.Parse("0193c000-0000-7000-8000-0000000000d1");
    protected static readonly Guid BackendId = Guid.Parse("0193c000-0000-7000-8000-0000000000b1");
}
