using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Tests.Metering;
using AiGateway.Gateway.Tests.Quotas;
using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Authentication;

public sealed class KeyUseWriterTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Minute = new(2026, 11, 25, 10, 15, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Minute.AddSeconds(20));
    private readonly KeyUseTracker _tracker = new();
    private readonly ListLogger<KeyUseWriter> _logger = new();
    private MeteringDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await MeteringDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task FlushAsync_KeysUsedInDifferentMinutes_StoresEachKeysMinuteInOneFlush()
    {
        var (first, second, unused) = (await AddKeyAsync(), await AddKeyAsync(), await AddKeyAsync());
        _tracker.Record(first, Minute.AddSeconds(10));
        _tracker.Record(second, Minute.AddMinutes(1).AddSeconds(3));
        using var writer = Writer();

        Assert.Equal(2, await writer.FlushAsync(Ct));

        Assert.Equal(Minute, await LastUsedAsync(first));
        Assert.Equal(Minute.AddMinutes(1), await LastUsedAsync(second));
        Assert.Null(await LastUsedAsync(unused));
        Assert.False(_tracker.HasPending);
    }

    [Fact]
    public async Task FlushAsync_AnotherReplicaStoredALaterUse_LeavesTheLaterUse()
    {
        var key = await AddKeyAsync(lastUsed: Minute.AddMinutes(5));
        _tracker.Record(key, Minute);
        using var writer = Writer();

        await writer.FlushAsync(Ct);

        Assert.Equal(Minute.AddMinutes(5), await LastUsedAsync(key));
    }

    [Fact]
    public async Task FlushAsync_AnEarlierUseStored_MovesItForward()
    {
        var key = await AddKeyAsync(lastUsed: Minute.AddDays(-1));
        _tracker.Record(key, Minute.AddSeconds(42));
        using var writer = Writer();

        await writer.FlushAsync(Ct);

        Assert.Equal(Minute, await LastUsedAsync(key));
    }

    [Fact]
    public async Task FlushAsync_ManyKeys_SplitsTheUpdateAndStoresThemAll()
    {
        var keys = new List<Guid>();
        for (var i = 0; i < KeyUseWriter.KeysPerStatement + 3; i++)
        {
            keys.Add(Guid.CreateVersion7());
        }

        await AddKeysAsync(keys);
        foreach (var key in keys)
        {
            _tracker.Record(key, Minute);
        }

        using var writer = Writer();

        Assert.Equal(keys.Count, await writer.FlushAsync(Ct));

        await using var db = _database.Inspect();
        Assert.Equal(keys.Count, await db.ApiKeys.CountAsync(k => k.LastUsedAt == Minute, Ct));
    }

    [Fact]
    public async Task FlushAsync_DatabaseDown_KeepsTheUsesAndStoresThemOnTheNextFlush()
    {
        var key = await AddKeyAsync();
        _tracker.Record(key, Minute);
        using var writer = Writer();

        _database.Down = true;
        Assert.Equal(0, await writer.FlushAsync(Ct));
        Assert.True(_tracker.HasPending);
        Assert.Contains(_logger.Entries, e => e.Id.Id == 111);

        _database.Down = false;
        Assert.Equal(1, await writer.FlushAsync(Ct));
        Assert.Equal(Minute, await LastUsedAsync(key));
    }

    [Fact]
    public async Task Running_FlushIntervalPasses_StoresTheUsesAndSaysSo()
    {
        var key = await AddKeyAsync();
        using var writer = Writer(flushSeconds: 60);
        var flushed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        writer.Flushed += count => flushed.TrySetResult(count);
        await writer.StartAsync(Ct);
        _tracker.Record(key, _clock.GetUtcNow());

        _clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(flushed.Task.IsCompleted);
        _clock.Advance(TimeSpan.FromSeconds(1));

        Assert.Equal(1, await flushed.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.Equal(Minute, await LastUsedAsync(key));
        await writer.StopAsync(Ct);
    }

    [Fact]
    public async Task StopAsync_UsesSinceTheLastFlush_StoresThemBeforeReturning()
    {
        var key = await AddKeyAsync();
        using var writer = Writer(flushSeconds: 60);
        await writer.StartAsync(Ct);
        _tracker.Record(key, _clock.GetUtcNow());

        await writer.StopAsync(Ct);

        Assert.Equal(Minute, await LastUsedAsync(key));
    }

    [Fact]
    public async Task StopAsync_ShutdownTimeAlreadySpent_SaysWhatIsLostInsteadOfFailingTheShutdown()
    {
        var key = await AddKeyAsync();
        using var writer = Writer(flushSeconds: 60);
        await writer.StartAsync(Ct);
        _tracker.Record(key, _clock.GetUtcNow());
        using var spent = new CancellationTokenSource();
        await spent.CancelAsync();

        await writer.StopAsync(spent.Token);

        Assert.Contains(_logger.Entries, e => e.Id.Id == 112 && e.Message.Contains(" 1 keys", StringComparison.Ordinal));
        Assert.Null(await LastUsedAsync(key));
    }

    private KeyUseWriter Writer(double flushSeconds = 60) =>
        new(_tracker, _database, Options.Create(new GatewayOptions { KeyUseFlushSeconds = flushSeconds }), _clock, _logger);

    private async Task<Guid> AddKeyAsync(DateTimeOffset? lastUsed = null)
    {
        var id = Guid.CreateVersion7();
        await AddKeysAsync([id], lastUsed);
        return id;
    }

    private async Task AddKeysAsync(IReadOnlyList<Guid> ids, DateTimeOffset? lastUsed = null)
    {
        await using var db = _database.Inspect();
        var team = new Team { Name = "team-" + Guid.NewGuid().ToString("N"), CreatedAt = Minute };
        db.Teams.Add(team);
        foreach (var id in ids)
        {
            db.ApiKeys.Add(new ApiKey
            {
                Id = id,
                TeamId = team.Id,
                Name = "key",
                Prefix = "agw_" + id.ToString("N")[^12..],
                SecretHash = new byte[32],
                CreatedAt = Minute,
                LastUsedAt = lastUsed,
            });
        }

        await db.SaveConfigurationChangesAsync("test", Ct);
    }

    private async Task<DateTimeOffset?> LastUsedAsync(Guid keyId)
    {
        await using var db = _database.Inspect();
        return await db.ApiKeys.Where(k => k.Id == keyId).Select(k => k.LastUsedAt).SingleAsync(Ct);
    }
}
