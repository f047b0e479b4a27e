using AiGateway.Gateway.Quotas;
using Microsoft.Extensions.Time.Testing;
using static AiGateway.Gateway.Tests.Quotas.QuotaTestLimits;

namespace AiGateway.Gateway.Tests.Quotas;

/// <summary>
/// What every <see cref="IQuotaStore"/> must do, run against each store by a derived class. Time comes from a fake
/// clock; each test uses a team of its own, so stores shared between tests (one Redis server) do not interfere.
/// </summary>
public abstract partial class QuotaStoreContractTests
{
    /// <summary>20.5 s into a minute, mid-month, mid-day.</summary>
    protected static readonly DateTimeOffset MidMinute = new(2025, 3, 12, 12, 0, 20, 500, TimeSpan.Zero);

    private readonly Guid _team = Guid.NewGuid();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A store (of the kind under test) on this clock.</summary>
    protected abstract Task<IQuotaStore> CreateStoreAsync(TimeProvider clock);

    [Fact]
    public async Task ReserveAsync_NoCounters_AdmitsWithoutHeadroom()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));

        var decision = await store.ReserveAsync([], 100, Ct);

        Assert.True(decision.Admitted);
        Assert.Equal(100, decision.Reservation!.ReservedTokens);
        Assert.Equal(MidMinute, decision.Reservation.At);
        Assert.Null(decision.DeniedBy);
        Assert.Null(decision.RemainingRequests);
        Assert.Null(decision.RemainingTokens);
    }

    [Fact]
    public async Task ReserveAsync_CounterWithoutLimits_AlwaysAdmits()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var unlimited = Counter(_team);

        for (var i = 0; i < 20; i++)
        {
            var decision = await store.ReserveAsync([unlimited], 1_000_000, Ct);
            Assert.True(decision.Admitted);
            Assert.Null(decision.RemainingRequests);
            Assert.Null(decision.RemainingTokens);
        }
    }

    [Fact]
    public async Task ReserveAsync_UnderEveryLimit_AdmitsAndReportsHeadroomAfterIt()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var counter = Counter(_team, rpm: 10, tpm: 1_000, daily: 5_000, monthly: 50_000);

        var first = await store.ReserveAsync([counter], 100, Ct);
        var second = await store.ReserveAsync([counter], 250, Ct);

        Assert.True(first.Admitted);
        Assert.Equal(9, first.RemainingRequests);
        Assert.Equal(900, first.RemainingTokens);
        Assert.True(second.Admitted);
        Assert.Equal(8, second.RemainingRequests);
        Assert.Equal(650, second.RemainingTokens);
        Assert.Same(second.Reservation!.Counters[0], counter);
    }

    [Fact]
    public async Task ReserveAsync_RequestsPerMinuteReached_RefusesUntilTheMinuteEnds()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var counter = Counter(_team, rpm: 2);

        await store.ReserveAsync([counter], 0, Ct);
        var last = await store.ReserveAsync([counter], 0, Ct);
        var refused = await store.ReserveAsync([counter], 0, Ct);

        Assert.True(last.Admitted);
        Assert.Equal(0, last.RemainingRequests);
        Assert.False(refused.Admitted);
        Assert.Null(refused.Reservation);
        Assert.Equal(QuotaLimitKind.RequestsPerMinute, refused.DeniedBy);
        Assert.Equal(counter.Limits.PolicyId, refused.DeniedPolicyId);
        Assert.Equal(TimeSpan.FromSeconds(39.5), refused.RetryAfter);
        Assert.Equal(0, refused.RemainingRequests);
        Assert.Null(refused.RemainingTokens);
    }

    [Fact]
    public async Task ReserveAsync_NextMinuteBegins_AdmitsAgain()
    {
        var time = new FakeTimeProvider(MidMinute);
        var store = await CreateStoreAsync(time);
        var counter = Counter(_team, rpm: 1, tpm: 100);
        await store.ReserveAsync([counter], 100, Ct);

        time.Advance(TimeSpan.FromSeconds(39.499));
        var justBefore = await store.ReserveAsync([counter], 0, Ct);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var atTheMinute = await store.ReserveAsync([counter], 100, Ct);

        Assert.Equal(QuotaLimitKind.RequestsPerMinute, justBefore.DeniedBy);
        Assert.Equal(TimeSpan.FromMilliseconds(1), justBefore.RetryAfter);
        Assert.True(atTheMinute.Admitted);
        Assert.Equal(0, atTheMinute.RemainingRequests);
        Assert.Equal(0, atTheMinute.RemainingTokens);
    }

    [Fact]
    public async Task ReserveAsync_TokensPerMinuteWouldBeExceeded_RefusesButAdmitsWhatStillFits()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var counter = Counter(_team, tpm: 1_000);

        await store.ReserveAsync([counter], 600, Ct);
        var tooMany = await store.ReserveAsync([counter], 401, Ct);
        var exactlyTheRest = await store.ReserveAsync([counter], 400, Ct);

        Assert.Equal(QuotaLimitKind.TokensPerMinute, tooMany.DeniedBy);
        Assert.Equal(counter.Limits.PolicyId, tooMany.DeniedPolicyId);
        Assert.Equal(TimeSpan.FromSeconds(39.5), tooMany.RetryAfter);
        Assert.Equal(400, tooMany.RemainingTokens);
        Assert.True(exactlyTheRest.Admitted);
        Assert.Equal(0, exactlyTheRest.RemainingTokens);
    }

    [Fact]
    public async Task ReserveAsync_DailyBudgetSpent_RefusesUntilUtcMidnight()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 3, 12, 22, 30, 0, TimeSpan.Zero));
        var store = await CreateStoreAsync(time);
        var counter = Counter(_team, daily: 1_000);
        await store.ReserveAsync([counter], 1_000, Ct);

        var refused = await store.ReserveAsync([counter], 1, Ct);
        time.Advance(TimeSpan.FromMinutes(89));
        var stillRefused = await store.ReserveAsync([counter], 1, Ct);
        time.Advance(TimeSpan.FromMinutes(1));
        var nextDay = await store.ReserveAsync([counter], 1_000, Ct);

        Assert.Equal(QuotaLimitKind.DailyTokenBudget, refused.DeniedBy);
        Assert.Equal(TimeSpan.FromMinutes(90), refused.RetryAfter);
        Assert.Equal(QuotaLimitKind.DailyTokenBudget, stillRefused.DeniedBy);
        Assert.Equal(TimeSpan.FromMinutes(1), stillRefused.RetryAfter);
        Assert.True(nextDay.Admitted);
    }

    [Fact]
    public async Task ReserveAsync_MonthlyBudgetSpent_RefusesUntilTheFirstOfTheNextUtcMonth()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 2, 27, 12, 0, 0, TimeSpan.Zero));
        var store = await CreateStoreAsync(time);
        var counter = Counter(_team, daily: 10_000, monthly: 1_500);
        await store.ReserveAsync([counter], 1_000, Ct);

        var refused = await store.ReserveAsync([counter], 501, Ct);
        time.Advance(TimeSpan.FromDays(1));
        var nextDay = await store.ReserveAsync([counter], 501, Ct);
        time.Advance(TimeSpan.FromHours(12));
        var nextMonth = await store.ReserveAsync([counter], 1_500, Ct);

        Assert.Equal(QuotaLimitKind.MonthlyTokenBudget, refused.DeniedBy);
        Assert.Equal(TimeSpan.FromDays(1.5), refused.RetryAfter);
        Assert.Equal(QuotaLimitKind.MonthlyTokenBudget, nextDay.DeniedBy);
        Assert.Equal(TimeSpan.FromHours(12), nextDay.RetryAfter);
        Assert.True(nextMonth.Admitted);
    }

    [Fact]
    public async Task ReserveAsync_LastMinuteOfTheYear_RetryAfterReachesTheNewYear()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2025, 12, 31, 23, 59, 45, TimeSpan.Zero));
        var store = await CreateStoreAsync(time);
        var counter = Counter(_team, monthly: 10);
        await store.ReserveAsync([counter], 10, Ct);

        var refused = await store.ReserveAsync([counter], 1, Ct);
        time.Advance(TimeSpan.FromSeconds(15));
        var newYear = await store.ReserveAsync([counter], 10, Ct);

        Assert.Equal(QuotaLimitKind.MonthlyTokenBudget, refused.DeniedBy);
        Assert.Equal(TimeSpan.FromSeconds(15), refused.RetryAfter);
        Assert.True(newYear.Admitted);
    }

    [Theory]
    [InlineData(100, null, null)]
    [InlineData(null, 100L, null)]
    [InlineData(null, null, 100L)]
    public async Task ReserveAsync_EstimateAloneAboveATokenLimit_RefusesAsRequestTooLargeWithoutRetryAfter(int? tpm, long? daily, long? monthly)
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var counter = Counter(_team, rpm: 5, tpm: tpm, daily: daily, monthly: monthly);

        var fits = await store.ReserveAsync([counter], 100, Ct);
        var tooLarge = await store.ReserveAsync([counter], 101, Ct);

        Assert.True(fits.Admitted);
        Assert.Equal(QuotaLimitKind.RequestTooLarge, tooLarge.DeniedBy);
        Assert.Equal(counter.Limits.PolicyId, tooLarge.DeniedPolicyId);
        Assert.Null(tooLarge.RetryAfter);
        Assert.Equal(4, tooLarge.RemainingRequests);
    }

    [Fact]
    public async Task ReserveAsync_TooLargeForOneCounterAndOverRpmOfAnother_ReportsRequestTooLarge()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var busy = Counter(_team, rpm: 1);
        var small = Counter(_team, monthly: 50);
        await store.ReserveAsync([busy], 0, Ct);

        var refused = await store.ReserveAsync([busy, small], 51, Ct);

        Assert.Equal(QuotaLimitKind.RequestTooLarge, refused.DeniedBy);
        Assert.Equal(small.Limits.PolicyId, refused.DeniedPolicyId);
        Assert.Null(refused.RetryAfter);
    }

    [Fact]
    public async Task ReserveAsync_SeveralLimitsRefuse_ReportsTheFirstInCheckOrder()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var monthly = Counter(_team, monthly: 100);
        var daily = Counter(_team, daily: 100);
        var tokens = Counter(_team, tpm: 100);
        var requests = Counter(_team, rpm: 1);
        await store.ReserveAsync([monthly, daily, tokens, requests], 100, Ct);

        var all = await store.ReserveAsync([monthly, daily, tokens, requests], 1, Ct);
        var withoutRequests = await store.ReserveAsync([monthly, daily, tokens], 1, Ct);
        var budgetsOnly = await store.ReserveAsync([monthly, daily], 1, Ct);
        var monthOnly = await store.ReserveAsync([monthly], 1, Ct);

        Assert.Equal((QuotaLimitKind.RequestsPerMinute, requests.Limits.PolicyId), (all.DeniedBy!.Value, all.DeniedPolicyId!.Value));
        Assert.Equal((QuotaLimitKind.TokensPerMinute, tokens.Limits.PolicyId), (withoutRequests.DeniedBy!.Value, withoutRequests.DeniedPolicyId!.Value));
        Assert.Equal((QuotaLimitKind.DailyTokenBudget, daily.Limits.PolicyId), (budgetsOnly.DeniedBy!.Value, budgetsOnly.DeniedPolicyId!.Value));
        Assert.Equal((QuotaLimitKind.MonthlyTokenBudget, monthly.Limits.PolicyId), (monthOnly.DeniedBy!.Value, monthOnly.DeniedPolicyId!.Value));
    }

    [Fact]
    public async Task ReserveAsync_SameLimitRefusesOnTwoCounters_NamesTheFirstCounter()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var team = Counter(_team, rpm: 1);
        var key = Counter(_team, rpm: 1);
        await store.ReserveAsync([team, key], 0, Ct);

        var refused = await store.ReserveAsync([team, key], 0, Ct);

        Assert.Equal(QuotaLimitKind.RequestsPerMinute, refused.DeniedBy);
        Assert.Equal(team.Limits.PolicyId, refused.DeniedPolicyId);
    }

    [Fact]
    public async Task ReserveAsync_OneOfSeveralCountersRefuses_ChargesNoneOfThem()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var team = Counter(_team, rpm: 100, tpm: 10_000, daily: 10_000, monthly: 10_000);
        var key = Counter(_team, rpm: 1);
        var alias = Counter(_team, tpm: 10_000);
        await store.ReserveAsync([key], 0, Ct);

        var refused = await store.ReserveAsync([team, key, alias], 500, Ct);
        var teamAfter = await store.ReserveAsync([team], 10_000, Ct);
        var aliasAfter = await store.ReserveAsync([alias], 10_000, Ct);

        Assert.Equal(QuotaLimitKind.RequestsPerMinute, refused.DeniedBy);
        Assert.Equal(key.Limits.PolicyId, refused.DeniedPolicyId);
        Assert.True(teamAfter.Admitted);
        Assert.Equal(99, teamAfter.RemainingRequests);
        Assert.True(aliasAfter.Admitted);
    }

    [Fact]
    public async Task ReserveAsync_EveryCounterAllows_ChargesEveryCounter()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var team = Counter(_team, rpm: 10, daily: 1_000);
        var key = Counter(_team, tpm: 1_000, monthly: 1_000);

        await store.ReserveAsync([team, key], 400, Ct);
        var teamAfter = await store.ReserveAsync([team], 601, Ct);
        var keyAfter = await store.ReserveAsync([key], 601, Ct);

        Assert.Equal(QuotaLimitKind.DailyTokenBudget, teamAfter.DeniedBy);
        Assert.Equal(QuotaLimitKind.TokensPerMinute, keyAfter.DeniedBy);
    }

    [Fact]
    public async Task ReserveAsync_SeveralCounters_ReportsTheSmallestHeadroomOfEach()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var team = Counter(_team, rpm: 100, tpm: 500);
        var key = Counter(_team, rpm: 10, tpm: 5_000);
        var budget = Counter(_team, daily: 50);

        var admitted = await store.ReserveAsync([team, key, budget], 20, Ct);
        var refused = await store.ReserveAsync([team, key, budget], 40, Ct);

        Assert.Equal(9, admitted.RemainingRequests);
        Assert.Equal(480, admitted.RemainingTokens);
        Assert.Equal(QuotaLimitKind.DailyTokenBudget, refused.DeniedBy);
        Assert.Equal(9, refused.RemainingRequests);
        Assert.Equal(480, refused.RemainingTokens);
    }

    [Fact]
    public async Task ReserveAsync_OnlyBudgets_ReportsNoMinuteHeadroom()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));

        var decision = await store.ReserveAsync([Counter(_team, daily: 100, monthly: 1_000)], 10, Ct);

        Assert.True(decision.Admitted);
        Assert.Null(decision.RemainingRequests);
        Assert.Null(decision.RemainingTokens);
    }

    [Fact]
    public async Task ReserveAsync_SamePolicyTwice_ChargesItOnce()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var policy = Policy(rpm: 2, tpm: 100);
        var viaTeam = new QuotaCounter(_team, policy);
        var viaKey = new QuotaCounter(_team, policy);

        var first = await store.ReserveAsync([viaTeam, viaKey], 50, Ct);
        var second = await store.ReserveAsync([viaTeam, viaKey], 50, Ct);

        Assert.Equal(1, first.RemainingRequests);
        Assert.Equal(50, first.RemainingTokens);
        Assert.True(second.Admitted);
        Assert.Equal(0, second.RemainingTokens);
    }

    [Fact]
    public async Task ReserveAsync_SamePolicyForTwoTeams_CountsEachTeamApart()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var policy = Policy(rpm: 1);

        var first = await store.ReserveAsync([new QuotaCounter(_team, policy)], 0, Ct);
        var otherTeam = await store.ReserveAsync([new QuotaCounter(Guid.NewGuid(), policy)], 0, Ct);

        Assert.True(first.Admitted);
        Assert.True(otherTeam.Admitted);
    }

    [Fact]
    public async Task ReserveAsync_NegativeEstimate_Throws()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await store.ReserveAsync([Counter(_team, rpm: 1)], -1, Ct));
    }

    [Fact]
    public async Task SettleAsync_FewerTokensThanReserved_GivesBackTheDifference()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var counter = Counter(_team, tpm: 1_000, daily: 1_000, monthly: 1_000);
        var reservation = (await store.ReserveAsync([counter], 800, Ct)).Reservation!;

        await store.SettleAsync(reservation, 300, Ct);
        var rest = await store.ReserveAsync([counter], 700, Ct);

        Assert.True(rest.Admitted);
        Assert.Equal(0, rest.RemainingTokens);
    }

    [Fact]
    public async Task SettleAsync_MoreTokensThanReserved_ChargesTheDifferenceToEveryTokenLimit()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var minute = Counter(_team, tpm: 1_000);
        var day = Counter(_team, daily: 1_000);
        var month = Counter(_team, monthly: 1_000);
        var reservation = (await store.ReserveAsync([minute, day, month], 100, Ct)).Reservation!;

        await store.SettleAsync(reservation, 900, Ct);
        var minuteAfter = await store.ReserveAsync([minute], 101, Ct);
        var dayAfter = await store.ReserveAsync([day], 101, Ct);
        var monthAfter = await store.ReserveAsync([month], 101, Ct);
        var stillFits = await store.ReserveAsync([minute, day, month], 100, Ct);

        Assert.Equal(QuotaLimitKind.TokensPerMinute, minuteAfter.DeniedBy);
        Assert.Equal(100, minuteAfter.RemainingTokens);
        Assert.Equal(QuotaLimitKind.DailyTokenBudget, dayAfter.DeniedBy);
        Assert.Equal(QuotaLimitKind.MonthlyTokenBudget, monthAfter.DeniedBy);
        Assert.True(stillFits.Admitted);
    }

    [Fact]
    public async Task SettleAsync_ActualAboveTheLimit_LeavesNoHeadroomAndRefusesUntilTheWindowEnds()
    {
        var time = new FakeTimeProvider(MidMinute);
        var store = await CreateStoreAsync(time);
        var counter = Counter(_team, rpm: 10, tpm: 1_000);
        var reservation = (await store.ReserveAsync([counter], 100, Ct)).Reservation!;

        await store.SettleAsync(reservation, 1_500, Ct);
        var refused = await store.ReserveAsync([counter], 0, Ct);
        time.Advance(TimeSpan.FromSeconds(40));
        var nextMinute = await store.ReserveAsync([counter], 1_000, Ct);

        Assert.Equal(QuotaLimitKind.TokensPerMinute, refused.DeniedBy);
        Assert.Equal(TimeSpan.FromSeconds(39.5), refused.RetryAfter);
        Assert.Equal(9, refused.RemainingRequests);
        Assert.Equal(0, refused.RemainingTokens);
        Assert.True(nextMinute.Admitted);
    }

    [Fact]
    public async Task SettleAsync_AfterTheMinuteEnded_CorrectsTheDayAndLeavesTheNewMinuteAlone()
    {
        var time = new FakeTimeProvider(MidMinute);
        var store = await CreateStoreAsync(time);
        var counter = Counter(_team, tpm: 1_000, daily: 1_000);
        var reservation = (await store.ReserveAsync([counter], 500, Ct)).Reservation!;
        time.Advance(TimeSpan.FromMinutes(1));
        await store.ReserveAsync([counter], 100, Ct);

        await store.SettleAsync(reservation, 100, Ct);
        var rest = await store.ReserveAsync([counter], 800, Ct);

        // The day now holds 100 + 100; the new minute still holds its own 100, untouched by the old minute's correction.
        Assert.True(rest.Admitted);
        Assert.Equal(100, rest.RemainingTokens);
    }

    [Fact]
    public async Task SettleAsync_ExactlyTheEstimate_ChangesNothing()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var counter = Counter(_team, tpm: 1_000);
        var reservation = (await store.ReserveAsync([counter], 400, Ct)).Reservation!;

        await store.SettleAsync(reservation, 400, Ct);
        var next = await store.ReserveAsync([counter], 0, Ct);

        Assert.Equal(600, next.RemainingTokens);
    }

    [Fact]
    public async Task ReleaseAsync_Reservation_GivesBackTheRequestAndItsTokens()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var counter = Counter(_team, rpm: 1, tpm: 100, daily: 100, monthly: 100);
        var reservation = (await store.ReserveAsync([counter], 100, Ct)).Reservation!;
        var whileHeld = await store.ReserveAsync([counter], 0, Ct);

        await store.ReleaseAsync(reservation, Ct);
        var afterRelease = await store.ReserveAsync([counter], 100, Ct);

        Assert.Equal(QuotaLimitKind.RequestsPerMinute, whileHeld.DeniedBy);
        Assert.True(afterRelease.Admitted);
        Assert.Equal(0, afterRelease.RemainingRequests);
        Assert.Equal(0, afterRelease.RemainingTokens);
    }

    [Fact]
    public async Task ReleaseAsync_AfterTheMinuteEnded_DoesNotFreeTheNewMinute()
    {
        var time = new FakeTimeProvider(MidMinute);
        var store = await CreateStoreAsync(time);
        var counter = Counter(_team, rpm: 1, daily: 1_000);
        var old = (await store.ReserveAsync([counter], 600, Ct)).Reservation!;
        time.Advance(TimeSpan.FromMinutes(1));
        await store.ReserveAsync([counter], 0, Ct);

        await store.ReleaseAsync(old, Ct);
        var sameMinute = await store.ReserveAsync([counter], 0, Ct);
        time.Advance(TimeSpan.FromMinutes(1));
        var dayFreed = await store.ReserveAsync([counter], 1_000, Ct);

        Assert.Equal(QuotaLimitKind.RequestsPerMinute, sameMinute.DeniedBy);
        Assert.True(dayFreed.Admitted);
    }

    [Fact]
    public async Task ReserveAsync_ManyAtOnce_NeverExceedsTheLimits()
    {
        var store = await CreateStoreAsync(new FakeTimeProvider(MidMinute));
        var requests = Counter(_team, rpm: 40);
        var tokens = Counter(_team, tpm: 500);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(
            async () => await store.ReserveAsync([requests], 0, Ct), Ct)));
        var tokenDecisions = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(
            async () => await store.ReserveAsync([tokens], 7, Ct), Ct)));

        Assert.Equal(40, decisions.Count(d => d.Admitted));
        Assert.All(decisions.Where(d => !d.Admitted), d => Assert.Equal(QuotaLimitKind.RequestsPerMinute, d.DeniedBy));
        Assert.Equal(500 / 7, tokenDecisions.Count(d => d.Admitted));
        Assert.Equal(500 % 7, (await store.ReserveAsync([tokens], 0, Ct)).RemainingTokens);
    }
}
