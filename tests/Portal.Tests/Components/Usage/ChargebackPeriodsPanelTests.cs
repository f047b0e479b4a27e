using AiGateway.Portal.Components.Pages.Usage;
using AiGateway.Portal.Tests.Components.Teams;
using AiGateway.Shared.Data;
using AiGateway.Shared.Services.Chargeback;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Portal.Tests.Components.Usage;

public sealed class ChargebackPeriodsPanelTests : TeamsTestBase
{
    private static readonly DateOnly Yesterday = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1));

    private ChargebackPeriodService Periods => Data.GetRequiredService<ChargebackPeriodService>();

    [Fact]
    public async Task Panel_Admin_ReopensWithAReasonThenClosesTheDay_BothAudited()
    {
        await Periods.CloseAsync(Yesterday, "closer", Ct);
        SignInAsAdmin("admin@contoso.com");
        var changes = 0;
        var panel = Render<ChargebackPeriodsPanel>(p => p.Add(x => x.From, Yesterday).Add(x => x.To, Yesterday.AddDays(1)).Add(x => x.Changed, () => changes++));

        panel.WaitForAssertion(() => Assert.Equal("Closed", panel.Find("[data-testid='period-state']").TextContent.Trim()));
        Assert.True(panel.Find("[data-testid='period-reopen']").HasAttribute("disabled"));
        Fill(panel, "period-reason", "late records from a replica");
        Click(panel, "period-reopen");
        panel.WaitForAssertion(() => Assert.Equal("Reopened", panel.Find("[data-testid='period-state']").TextContent.Trim()));
        Click(panel, "period-close");
        panel.WaitForAssertion(() => Assert.Equal("Closed", panel.Find("[data-testid='period-state']").TextContent.Trim()));

        Assert.Equal(2, changes);
        await using var db = await Data.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        var audit = await db.AuditEvents.AsNoTracking().Where(a => a.EntityType == "ClosedPeriod").OrderBy(a => a.Id).ToListAsync(Ct);
        Assert.Equal([("ClosedPeriod.Closed", "closer"), ("ClosedPeriod.Reopened", "admin@contoso.com"), ("ClosedPeriod.Closed", "admin@contoso.com")], audit.Select(a => (a.Action, a.Actor)));
    }

    [Fact]
    public async Task Panel_Member_ShowsNothing()
    {
        await Periods.CloseAsync(Yesterday, "closer", Ct);
        SignInAsMember("ana@contoso.com");

        var panel = Render<ChargebackPeriodsPanel>(p => p.Add(x => x.From, Yesterday).Add(x => x.To, Yesterday.AddDays(1)));

        Assert.Empty(panel.FindAll("[data-testid='periods-panel']"));
    }
}
