using AiGateway.Shared.Model;
using AiGateway.Shared.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Shared.Tests.Services.Explorer;

/// <summary>Two teams, a key each, one deployment, and helpers that store usage records and throttle events as the gateway's writers do.</summary>
internal sealed class ExplorerWorld
{
    private ExplorerWorld(TestDatabase database, FakeTimeProvider clock, Team contoso, Team fabrikam, ApiKey contosoKey, ApiKey fabrikamKey, Deployment deployment)
    {
        Database = database;
        Clock = clock;
        Contoso = contoso;
        Fabrikam = fabrikam;
        ContosoKey = contosoKey;
        FabrikamKey = fabrikamKey;
        Deployment = deployment;
    }

    public TestDatabase Database { get; }
    public FakeTimeProvider Clock { get; }
    public Team Contoso { get; }
    public Team Fabrikam { get; }
    public ApiKey ContosoKey { get; }
    public ApiKey FabrikamKey { get; }
    public Deployment Deployment { get; }

    public static async Task<ExplorerWorld> CreateAsync(TestDatabase database)
    {
        var clock = new FakeTimeProvider(SampleData.Now);
        var contoso = SampleData.Team("Contoso Retail");
        var fabrikam = SampleData.Team("Fabrikam");
        var contosoKey = SampleData.Key(contoso, "agw_CCCCCCCCCCCC");
        var fabrikamKey = SampleData.Key(fabrikam, "agw_FFFFFFFFFFFF");
        fabrikamKey.Name = "fabrikam-batch";
        var backend = SampleData.Backend("aoai-sweden");
        var deployment = SampleData.Deployment(backend, "gpt-4o-mini-ptu");
        await using var db = database.CreateDbContext();
        db.AddRange(contoso, fabrikam, contosoKey, fabrikamKey, backend, deployment);
        await db.SaveConfigurationChangesAsync("test", TestContext.Current.CancellationToken);
        return new ExplorerWorld(database, clock, contoso, fabrikam, contosoKey, fabrikamKey, deployment);
    }

    public async Task<UsageRecord> RequestAsync(Team team, ApiKey? key, TimeSpan ago, int status = 200, string alias = "gpt-4o-mini", string? requestId = null)
    {
        var record = new UsageRecord
        {
            At = Clock.GetUtcNow() - ago,
            RequestId = requestId ?? $"req-{Guid.NewGuid():N}",
            TeamId = team.Id,
            ApiKeyId = key?.Id,
            AliasName = alias,
            DeploymentId = Deployment.Id,
            BackendId = Deployment.BackendId,
            Operation = "ChatCompletions",
            PromptTokens = status == 200 ? 120 : 0,
            CompletionTokens = status == 200 ? 30 : 0,
            StatusCode = status,
            LatencyMs = 250,
            TimeToFirstTokenMs = 80,
            Streamed = true,
            Cost = status == 200 ? 0.0042m : 0m,
        };
        await using var db = Database.CreateDbContext();
        db.UsageRecords.Add(record);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return record;
    }

    public async Task<ThrottleEvent> ThrottledAsync(Team team, ApiKey? key, TimeSpan ago, ThrottleEventKind kind = ThrottleEventKind.QuotaRefusal, string alias = "gpt-4o-mini")
    {
        var e = new ThrottleEvent
        {
            At = Clock.GetUtcNow() - ago,
            Kind = kind,
            RequestId = $"req-{Guid.NewGuid():N}",
            TeamId = team.Id,
            TeamName = team.Name,
            ApiKeyId = key?.Id,
            KeyName = key?.Name,
            KeyPrefix = key?.Prefix,
            AliasName = alias,
            QuotaLimit = kind == ThrottleEventKind.QuotaRefusal ? "TokensPerMinute" : null,
            DeploymentId = kind == ThrottleEventKind.BackendThrottle ? Deployment.Id : null,
            DeploymentName = kind == ThrottleEventKind.BackendThrottle ? Deployment.Name : null,
            RetryAfterMs = 1500,
        };
        await new AiGateway.Shared.Services.Throttling.ThrottleEventStore(Database).WriteAsync([e], TestContext.Current.CancellationToken);
        return e;
    }
}
