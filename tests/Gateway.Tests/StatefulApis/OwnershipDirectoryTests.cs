using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.StatefulApis;
using AiGateway.Gateway.Tests.Context;
using AiGateway.Gateway.Tests.Metering;
using AiGateway.Gateway.Tests.Quotas;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.StatefulApis;

public sealed class OwnershipDirectoryTests(RedisTestServer redisServer) : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(GatewayRequests.Now);
    private MeteringDatabase _database = null!;

    private StatefulOptions Options { get; } = new();

    public async ValueTask InitializeAsync() => _database = await MeteringDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    private static GatewayCaller Caller(AiGateway.Gateway.Configuration.TeamEntry? team = null)
    {
        var t = team ?? GatewayRequests.Team();
        return new GatewayCaller(t, GatewayRequests.Key(t), null);
    }

    private (OwnershipDirectory Directory, DatabaseOwnershipStore Database) Create(StackExchange.Redis.IConnectionMultiplexer? redis = null)
    {
        var database = new DatabaseOwnershipStore(_database, _clock);
        var directory = new OwnershipDirectory(
            new InProcessOwnershipStore(1000, _clock),
            redis is null ? null : new RedisOwnershipStore(redis, _clock),
            database,
            new StaticOptionsMonitor(Options),
            _clock,
            NullLogger<OwnershipDirectory>.Instance);
        return (directory, database);
    }

    [Fact]
    public async Task FindForAsync_OwningTeam_FindsTheOwner()
    {
        var (directory, _) = Create();
        var caller = Caller();
        var deployment = Guid.NewGuid();

        await directory.RecordAsync("resp_1", StoredObjectKind.Response, deployment, Guid.NewGuid(), caller, default);

        var owner = await directory.FindForAsync("resp_1", caller, default);
        Assert.Equal(deployment, owner!.DeploymentId);
        Assert.Equal(GatewayRequests.Now.AddDays(30), owner.ExpiresAt);
    }

    [Fact]
    public async Task FindForAsync_AnotherTeam_FindsNothing()
    {
        var (directory, _) = Create();
        await directory.RecordAsync("file-1", StoredObjectKind.File, Guid.NewGuid(), Guid.NewGuid(), Caller(), default);

        Assert.Null(await directory.FindForAsync("file-1", Caller(GatewayRequests.Team("beta")), default));
    }

    [Fact]
    public async Task FindForAsync_IsolatedByKey_AnotherKeyOfTheSameTeamFindsNothing()
    {
        Options.IsolateByKey = true;
        var (directory, _) = Create();
        var creator = Caller();
        await directory.RecordAsync("file-1", StoredObjectKind.File, Guid.NewGuid(), Guid.NewGuid(), creator, default);
        var sameTeamOtherKey = new GatewayCaller(creator.Team, GatewayRequests.Key(creator.Team), null);

        Assert.NotNull(await directory.FindForAsync("file-1", creator, default));
        Assert.Null(await directory.FindForAsync("file-1", sameTeamOtherKey, default));
    }

    [Fact]
    public async Task FindAsync_AfterItsRetention_FindsNothing()
    {
        var (directory, _) = Create();
        await directory.RecordAsync("resp_1", StoredObjectKind.Response, Guid.NewGuid(), Guid.NewGuid(), Caller(), default);

        _clock.Advance(TimeSpan.FromDays(31));

        Assert.Null(await directory.FindAsync("resp_1", default));
    }

    [Fact]
    public async Task FindAsync_NewReplicaAfterAFlush_ReadsTheOwnerFromTheDatabase()
    {
        var (directory, database) = Create();
        var caller = Caller();
        var deployment = Guid.NewGuid();
        await directory.RecordAsync("vs_1", StoredObjectKind.VectorStore, deployment, Guid.NewGuid(), caller, default);
        await directory.RecordAsync("vs_1", StoredObjectKind.VectorStore, deployment, Guid.NewGuid(), caller, default);

        Assert.Equal(1, await database.FlushAsync(default));
        var (restarted, _) = Create();

        var owner = await restarted.FindForAsync("vs_1", caller, default);
        Assert.Equal((deployment, StoredObjectKind.VectorStore, caller.Key!.Id), (owner!.DeploymentId, owner.Kind, owner.KeyId));
    }

    [Fact]
    public async Task PruneAsync_DeletesOnlyExpiredOwners()
    {
        var (directory, database) = Create();
        await directory.RecordAsync("resp_old", StoredObjectKind.Response, Guid.NewGuid(), Guid.NewGuid(), Caller(), default);
        await directory.RecordAsync("file-kept", StoredObjectKind.File, Guid.NewGuid(), Guid.NewGuid(), Caller(), default);
        await database.FlushAsync(default);

        _clock.Advance(TimeSpan.FromDays(31));

        Assert.Equal(1, await database.PruneAsync(default));
        await using var db = _database.Inspect();
        Assert.Equal("file-kept", Assert.Single(db.StoredObjectOwners).ObjectId);
    }

    [Fact]
    public async Task FindAsync_AnotherReplicaWithTheSameRedis_FindsTheOwnerBeforeTheDatabaseHasIt()
    {
        var redis = await redisServer.GetConnectionAsync();
        var (first, _) = Create(redis);
        var (second, _) = Create(redis);
        var caller = Caller();
        var id = $"resp_{Guid.NewGuid():N}";
        var deployment = Guid.NewGuid();

        await first.RecordAsync(id, StoredObjectKind.Response, deployment, Guid.NewGuid(), caller, default);

        Assert.Equal(deployment, (await second.FindForAsync(id, caller, default))!.DeploymentId);
    }

    [Fact]
    public void RedisFormat_RoundTrips()
    {
        var owner = new ObjectOwner("file-1", StoredObjectKind.File, Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), null, GatewayRequests.Now, GatewayRequests.Now.AddDays(1));

        Assert.Equal(owner, RedisOwnershipStore.Parse("file-1", RedisOwnershipStore.Format(owner)));
        Assert.Null(RedisOwnershipStore.Parse("file-1", "garbage"));
    }

    private sealed class StaticOptionsMonitor(StatefulOptions value) : IOptionsMonitor<StatefulOptions>
    {
        public StatefulOptions CurrentValue => value;

        public StatefulOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<StatefulOptions, string?> listener) => null;
    }
}
