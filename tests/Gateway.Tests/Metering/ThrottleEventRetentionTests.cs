using AiGateway.Gateway.Metering;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Throttling;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Tests.Metering;

/// <summary>Throttle events older than the retention are deleted at start and then hourly; younger ones stay.</summary>
public sealed class ThrottleEventRetentionTests : IAsyncLifetime
{
    private readonly ReportingClock _clock = new();
    private MeteringDatabase _database = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _database = await MeteringDatabase.CreateAsync();

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Running_DeletesWhatIsOlderThanTheRetention_AtStartAndEachHour()
    {
        var now = _clock.GetUtcNow();
        await new ThrottleEventStore(_database).WriteAsync(
            [Event("old", now.AddDays(-31)), Event("ageing", now.AddDays(-29.5)), Event("fresh", now)], Ct);
        var options = Options.Create(new MeteringOptions { ThrottleEventRetentionDays = 30 });
        using var retention = new ThrottleEventRetention(new ThrottleEventStore(_database), options, _clock, new RecordingLogger<ThrottleEventRetention>());

        await retention.StartAsync(Ct);
        Assert.Equal(ThrottleEventRetention.Interval, await _clock.NextTimerAsync());
        Assert.Equal(["ageing", "fresh"], await RemainingAsync());

        // A day on, the hourly round finds the second one past the retention too.
        _clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(ThrottleEventRetention.Interval, await _clock.NextTimerAsync());
        Assert.Equal(["fresh"], await RemainingAsync());
        await retention.StopAsync(Ct);
    }

    private async Task<List<string>> RemainingAsync()
    {
        await using var db = _database.Inspect();
        return await db.ThrottleEvents.OrderBy(e => e.RequestId).Select(e => e.RequestId).ToListAsync(Ct);
    }

    private static ThrottleEvent Event(string requestId, DateTimeOffset at) => new()
    {
        At = at,
        Kind = ThrottleEventKind.BackendThrottle,
        RequestId = requestId,
        TeamId = Guid.NewGuid(),
        TeamName = "alpha",
        AliasName = "gpt-4o",
    };
}
