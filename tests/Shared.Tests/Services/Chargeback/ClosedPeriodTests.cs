using AiGateway.Shared.Data;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Chargeback;
using AiGateway.Shared.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Tests.Services.Chargeback;

/// <summary>
/// Days that close: the fixed cost of a closed day is allocated once and stored, so its bill stays as it was whatever
/// happens afterwards, until an admin re-opens and closes it again. The provisioned deployment costs 3000 in November
/// (30 days): 100 a day.
/// </summary>
public sealed class ClosedPeriodTests
{
    private static readonly DateTimeOffset November = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Nov3 = November.AddDays(2);
    private static readonly DateOnly Nov3Day = new(2026, 11, 3);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ClosedDay_TrafficContinuesAfterwards_ItsBillDoesNotChange(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await ChargebackWorld.CreateAsync(database, 3000m, now: Nov3.AddDays(1).AddHours(2));
        await world.UseAsync(world.Contoso, world.Ptu, Nov3.AddHours(9), prompt: 300, completion: 0, requests: 1);
        Assert.Equal(1, await world.Periods.CloseDueDaysAsync(Ct));
        var before = await world.Service.GetReportAsync(Nov3, Nov3.AddDays(1), ct: Ct);

        // Fabrikam keeps using the deployment: a late record for the closed day, and the next days.
        await world.UseAsync(world.Fabrikam, world.Ptu, Nov3.AddHours(23), prompt: 300, completion: 0, requests: 1);
        await world.UseAsync(world.Fabrikam, world.Ptu, Nov3.AddDays(1).AddHours(1), prompt: 900, completion: 0, requests: 1);
        world.Clock.Advance(TimeSpan.FromDays(1));
        await world.Periods.CloseDueDaysAsync(Ct);
        var after = await world.Service.GetReportAsync(Nov3, Nov3.AddDays(1), ct: Ct);

        Assert.False(before.Provisional);
        Assert.Empty(before.OpenDays);
        Assert.Equal(100m, Assert.Single(before.Teams).FixedCost);
        Assert.Equal(100m, after.Teams.Single(t => t.TeamId == world.Contoso.Id).FixedCost);
        Assert.Equal(0m, after.Teams.Single(t => t.TeamId == world.Fabrikam.Id).FixedCost);
        Assert.Equal((100m, 100m), (after.Totals.FixedCost, Assert.Single(after.FixedCosts).FixedCost));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ClosedDay_FixedCostPriceChangesAfterwards_IsNotRepriced_OpenDaysAre(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await ChargebackWorld.CreateAsync(database, 3000m, now: Nov3.AddDays(1).AddHours(2));
        await world.UseAsync(world.Contoso, world.Ptu, Nov3.AddHours(9), prompt: 300, completion: 0, requests: 1);
        await world.UseAsync(world.Contoso, world.Ptu, Nov3.AddDays(1).AddHours(1), prompt: 300, completion: 0, requests: 1);
        await world.Periods.CloseDueDaysAsync(Ct);

        // Even a price version dated back to before the closed day does not touch it.
        await world.ChangePtuFixedCostAsync(6000m, effectiveFrom: Nov3);
        var report = await world.Service.GetReportAsync(Nov3, Nov3.AddDays(2), ct: Ct);

        Assert.True(report.Provisional);
        Assert.Equal([new DateOnly(2026, 11, 4)], report.OpenDays);
        Assert.Equal(100m + 200m, Assert.Single(report.Teams).FixedCost);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ReopenThenClose_RecomputesTheDay_AndBothAreAudited(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await ChargebackWorld.CreateAsync(database, 3000m, now: Nov3.AddDays(1).AddHours(2));
        await world.UseAsync(world.Contoso, world.Ptu, Nov3.AddHours(9), prompt: 300, completion: 0, requests: 1);
        await world.Periods.CloseDueDaysAsync(Ct);
        await world.UseAsync(world.Fabrikam, world.Ptu, Nov3.AddHours(23), prompt: 100, completion: 0, requests: 1);

        var reopened = await world.Periods.ReopenAsync(Nov3Day, "  late records from the Fabrikam replica  ", "ana@contoso.com", Ct);
        var provisional = await world.Service.GetReportAsync(Nov3, Nov3.AddDays(1), ct: Ct);
        var closed = await world.Periods.CloseAsync(Nov3Day, "ana@contoso.com", Ct);
        var final = await world.Service.GetReportAsync(Nov3, Nov3.AddDays(1), ct: Ct);

        Assert.Equal((ChargebackDayState.Reopened, "late records from the Fabrikam replica", "ana@contoso.com"), (reopened.State, reopened.ReopenReason, reopened.ReopenedBy));
        Assert.True(provisional.Provisional);
        Assert.Equal([Nov3Day], provisional.OpenDays);
        Assert.Equal((ChargebackDayState.Closed, "ana@contoso.com"), (closed.State, closed.ClosedBy));
        Assert.False(final.Provisional);
        Assert.Equal([75m, 25m], final.Teams.Select(t => t.FixedCost));
        await using var db = database.CreateDbContext();
        var audit = await db.AuditEvents.AsNoTracking().Where(a => a.EntityType == "ClosedPeriod").OrderBy(a => a.Id).ToListAsync(Ct);
        Assert.Equal(["ClosedPeriod.Reopened", "ClosedPeriod.Closed"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal(("ana@contoso.com", "2026-11-03"), (a.Actor, a.EntityId)));
        Assert.Contains("late records from the Fabrikam replica", audit[0].After, StringComparison.Ordinal);
        Assert.Equal(2, await db.FixedCostAllocationLines.CountAsync(Ct));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task TwoClosers_OneDatabase_CloseEachDayOnce(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var world = await ChargebackWorld.CreateAsync(database, 3000m, now: November.AddDays(10).AddHours(2));
        for (var day = 0; day < 9; day++)
        {
            await world.UseAsync(day % 2 == 0 ? world.Contoso : world.Fabrikam, world.Ptu, November.AddDays(day).AddHours(3), prompt: 100, completion: 0, requests: 1);
        }

        var first = world.NewPeriodService();
        var second = world.NewPeriodService();
        var closed = await Task.WhenAll(Task.Run(() => first.CloseDueDaysAsync(Ct)), Task.Run(() => second.CloseDueDaysAsync(Ct)));

        Assert.Equal(10, closed.Sum());
        await using var db = database.CreateDbContext();
        Assert.Equal(10, await db.ClosedPeriods.CountAsync(Ct));
        Assert.Equal(10, await db.FixedCostAllocationLines.CountAsync(Ct));
        var report = await world.Service.GetReportAsync(November, November.AddDays(10), ct: Ct);
        Assert.Equal((false, 1000m), (report.Provisional, report.Totals.FixedCost + Assert.Single(report.FixedCosts).UnallocatedFixedCost));
    }

    [Fact]
    public async Task CloseDueDays_WaitsCloseAfterPastTheDaysEnd_AndLeavesReopenedDaysToTheAdmin()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var world = await ChargebackWorld.CreateAsync(database, 3000m, now: Nov3.AddDays(1).AddMinutes(59));
        await world.UseAsync(world.Contoso, world.Ptu, Nov3.AddHours(9), prompt: 300, completion: 0, requests: 1);

        Assert.Equal(0, await world.Periods.CloseDueDaysAsync(Ct));
        world.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await world.Periods.CloseDueDaysAsync(Ct));
        await world.Periods.ReopenAsync(Nov3Day, "check", "admin", Ct);
        world.Clock.Advance(TimeSpan.FromHours(3));

        Assert.Equal(0, await world.Periods.CloseDueDaysAsync(Ct));
        Assert.Equal(ChargebackDayState.Reopened, (await world.Periods.GetAsync(Nov3Day, Ct)).State);
        var days = await world.Periods.ListAsync(Nov3Day.AddDays(-1), Nov3Day.AddDays(5), Ct);
        Assert.Equal([ChargebackDayState.Open, ChargebackDayState.Reopened, ChargebackDayState.Open], days.Select(d => d.State));
    }

    [Fact]
    public async Task ReopenAndClose_Refusals_NameTheProblem()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var world = await ChargebackWorld.CreateAsync(database, 3000m, now: Nov3.AddDays(1).AddHours(2));
        await world.UseAsync(world.Contoso, world.Ptu, Nov3.AddHours(9), prompt: 300, completion: 0, requests: 1);

        Assert.Equal(["reason"], (await Assert.ThrowsAsync<RequestValidationException>(() => world.Periods.ReopenAsync(Nov3Day, " ", "admin", Ct))).Errors.Keys);
        await Assert.ThrowsAsync<EntityConflictException>(() => world.Periods.ReopenAsync(Nov3Day, "why", "admin", Ct));
        Assert.Equal(["day"], (await Assert.ThrowsAsync<RequestValidationException>(() => world.Periods.CloseAsync(Nov3Day.AddDays(1), "admin", Ct))).Errors.Keys);
        await world.Periods.CloseAsync(Nov3Day, "admin", Ct);
        await Assert.ThrowsAsync<EntityConflictException>(() => world.Periods.CloseAsync(Nov3Day, "admin", Ct));
    }
}
