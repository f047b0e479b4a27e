using AiGateway.Gateway.Quotas;
using Microsoft.Extensions.Time.Testing;
using static AiGateway.Gateway.Tests.Quotas.QuotaTestLimits;

namespace AiGateway.Gateway.Tests.Quotas;

/// <summary>Cost budgets (micro-units of currency), counted next to tokens by every store in the same atomic step.</summary>
public abstract partial class QuotaStoreContractTests
{
    private static readonly TimeSpan ToMidnight = TimeSpan.FromHours(12) - TimeSpan.FromSeconds(20.5);

    [Fact]
    public async Task ReserveAsync_DailyCostBudget_AdmitsUntilTheEstimateWouldPassIt_ThenRefusesWithWhatIsLeft()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var counter = Counter(_team, dailyCost: 1_000_000);

        var first = await store.ReserveAsync([counter], new QuotaAmount(10, 600_000), Ct);
        var tooDear = await store.ReserveAsync([counter], new QuotaAmount(10, 400_001), Ct);
        var exactlyTheRest = await store.ReserveAsync([counter], new QuotaAmount(10, 400_000), Ct);
        var nothingLeft = await store.ReserveAsync([counter], new QuotaAmount(0, 1), Ct);

        Assert.True(first.Admitted);
        Assert.Equal(new QuotaAmount(10, 600_000), first.Reservation!.Reserved);
        Assert.Equal(QuotaLimitKind.DailyCostBudget, tooDear.DeniedBy);
        Assert.Equal(counter.Limits.PolicyId, tooDear.DeniedPolicyId);
        Assert.Equal(400_000, tooDear.RemainingCostMicros);
        Assert.Equal(ToMidnight, tooDear.RetryAfter);
        Assert.True(exactlyTheRest.Admitted);
        Assert.Equal(QuotaLimitKind.DailyCostBudget, nothingLeft.DeniedBy);
        Assert.Equal(0, nothingLeft.RemainingCostMicros);
    }

    [Fact]
    public async Task ReserveAsync_MonthlyCostBudgetSpent_RefusesUntilTheMonthEnds()
    {
        var time = new FakeTimeProvider(MidMinute);
        var store = await CreateStoreAsync(time);
        var counter = Counter(_team, monthlyCost: 500);
        await store.ReserveAsync([counter], new QuotaAmount(1, 500), Ct);

        var refused = await store.ReserveAsync([counter], new QuotaAmount(1, 1), Ct);
        time.Advance(TimeSpan.FromDays(19) + ToMidnight);
        var nextMonth = await store.ReserveAsync([counter], new QuotaAmount(1, 500), Ct);

        Assert.Equal(QuotaLimitKind.MonthlyCostBudget, refused.DeniedBy);
        Assert.Equal(TimeSpan.FromDays(19) + ToMidnight, refused.RetryAfter);
        Assert.Equal(0, refused.RemainingCostMicros);
        Assert.True(nextMonth.Admitted);
    }

    [Fact]
    public async Task ReserveAsync_NextUtcDay_FreesTheDailyCostBudgetButNotTheMonthly()
    {
        var time = new FakeTimeProvider(MidMinute);
        var store = await CreateStoreAsync(time);
        var counter = Counter(_team, dailyCost: 1_000, monthlyCost: 1_500);
        await store.ReserveAsync([counter], new QuotaAmount(0, 1_000), Ct);

        time.Advance(ToMidnight);
        var tomorrow = await store.ReserveAsync([counter], new QuotaAmount(0, 500), Ct);
        var monthSpent = await store.ReserveAsync([counter], new QuotaAmount(0, 1), Ct);

        Assert.True(tomorrow.Admitted);
        Assert.Equal(QuotaLimitKind.MonthlyCostBudget, monthSpent.DeniedBy);
    }

    [Fact]
    public async Task ReserveAsync_DailyCostAndMonthlyTokensBothSpent_NamesTheDailyBudgetFirst()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var counter = Counter(_team, monthly: 100, dailyCost: 100);
        await store.ReserveAsync([counter], new QuotaAmount(100, 100), Ct);

        var refused = await store.ReserveAsync([counter], new QuotaAmount(1, 1), Ct);

        Assert.Equal(QuotaLimitKind.DailyCostBudget, refused.DeniedBy);
    }

    [Fact]
    public async Task ReserveAsync_TokenLimitRefuses_TakesNoCostEither()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var tokens = Counter(_team, tpm: 100);
        var cost = Counter(_team, dailyCost: 1_000);
        await store.ReserveAsync([tokens], 100, Ct);

        var refused = await store.ReserveAsync([tokens, cost], new QuotaAmount(1, 1_000), Ct);
        var wholeBudget = await store.ReserveAsync([cost], new QuotaAmount(0, 1_000), Ct);

        Assert.Equal(QuotaLimitKind.TokensPerMinute, refused.DeniedBy);
        Assert.Null(refused.RemainingCostMicros);
        Assert.True(wholeBudget.Admitted);
    }

    [Fact]
    public async Task SettleAsync_CostBudget_ReplacesTheEstimatedCostWithTheRealOne()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var counter = Counter(_team, daily: 10_000, dailyCost: 1_000_000);
        var reservation = (await store.ReserveAsync([counter], new QuotaAmount(500, 600_000), Ct)).Reservation!;

        await store.SettleAsync(reservation, new QuotaAmount(100, 150_000), Ct);
        var probe = await store.ReserveAsync([counter], new QuotaAmount(0, 1_000_000), Ct);

        Assert.Equal(QuotaLimitKind.DailyCostBudget, probe.DeniedBy);
        Assert.Equal(850_000, probe.RemainingCostMicros);
    }

    [Fact]
    public async Task ReleaseAsync_CostBudget_GivesBackTheEstimatedCost()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var counter = Counter(_team, monthlyCost: 1_000);
        var reservation = (await store.ReserveAsync([counter], new QuotaAmount(5, 1_000), Ct)).Reservation!;

        await store.ReleaseAsync(reservation, Ct);
        var again = await store.ReserveAsync([counter], new QuotaAmount(5, 1_000), Ct);

        Assert.True(again.Admitted);
    }

    [Fact]
    public async Task ReserveAsync_ManyAtOnceAgainstACostBudget_NeverSpendsMoreThanIt()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var counter = Counter(_team, dailyCost: 1_000_000);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(
            async () => await store.ReserveAsync([counter], new QuotaAmount(1, 30_000), Ct), Ct)));

        Assert.Equal(1_000_000 / 30_000, decisions.Count(d => d.Admitted));
        Assert.All(decisions.Where(d => !d.Admitted), d => Assert.Equal(QuotaLimitKind.DailyCostBudget, d.DeniedBy));
    }
}
