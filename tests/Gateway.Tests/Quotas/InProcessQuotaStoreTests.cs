using AiGateway.Gateway.Quotas;
using Microsoft.Extensions.Time.Testing;
using static AiGateway.Gateway.Tests.Quotas.QuotaTestLimits;

namespace AiGateway.Gateway.Tests.Quotas;

/// <summary>The store contract on <see cref="InProcessQuotaStore"/>, and how it forgets idle counters.</summary>
public sealed class InProcessQuotaStoreTests : QuotaStoreContractTests
{
    protected override Task<IQuotaStore> CreateStoreAsync(TimeProvider clock) =>
        Task.FromResult<IQuotaStore>(new InProcessQuotaStore(clock));

    [Fact]
    public async Task ReserveAsync_WindowsOfIdleCountersEnded_ForgetsThoseCounters()
    {
        var time = new FakeTimeProvider(MidMinute);
        var store = new InProcessQuotaStore(time);
        var team = Guid.NewGuid();
        await store.ReserveAsync([Counter(team, rpm: 5, tpm: 50)], 1, Ct);
        await store.ReserveAsync([Counter(team, daily: 5)], 1, Ct);
        await store.ReserveAsync([Counter(team, monthly: 5)], 1, Ct);
        var held = store.HeldCounters;

        time.Advance(TimeSpan.FromMinutes(1));
        await store.ReserveAsync([], 0, Ct);
        var afterMinute = store.HeldCounters;
        time.Advance(TimeSpan.FromDays(1));
        await store.ReserveAsync([], 0, Ct);
        var afterDay = store.HeldCounters;
        time.SetUtcNow(new DateTimeOffset(2025, 4, 1, 0, 0, 0, TimeSpan.Zero));
        await store.ReserveAsync([], 0, Ct);

        Assert.Equal(3, held);
        Assert.Equal(2, afterMinute);
        Assert.Equal(1, afterDay);
        Assert.Equal(0, store.HeldCounters);
    }

    [Fact]
    public async Task SettleAsync_CounterForgottenSinceItsWindowEnded_DoesNothing()
    {
        var time = new FakeTimeProvider(MidMinute);
        var store = new InProcessQuotaStore(time);
        var counter = Counter(Guid.NewGuid(), rpm: 1, tpm: 100);
        var reservation = (await store.ReserveAsync([counter], 100, Ct)).Reservation!;
        time.Advance(TimeSpan.FromMinutes(1));
        await store.ReserveAsync([], 0, Ct);

        await store.SettleAsync(reservation, 0, Ct);
        await store.ReleaseAsync(reservation, Ct);
        var fresh = await store.ReserveAsync([counter], 100, Ct);

        Assert.True(fresh.Admitted);
        Assert.Equal(0, fresh.RemainingRequests);
        Assert.Equal(0, fresh.RemainingTokens);
    }
}
