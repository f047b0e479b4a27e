using System.Net;
using AiGateway.Portal.Tests.Infrastructure;
using AiGateway.Shared.Services.Chargeback;
using AiGateway.Shared.Services.Spend;

namespace AiGateway.Portal.Tests.Api;

/// <summary>Chargeback periods (admins only) and a team's spend view (its members, admins, its tokens that may read usage).</summary>
public sealed class ChargebackPeriodsApiTests : TeamApiTestBase
{
    [Fact]
    public async Task ReopenThenClose_AsAdmin_ChangesTheDaysStateAndIsAudited()
    {
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(-1)).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var closed = await (await Admin.PostJsonAsync($"/api/admin/chargeback/periods/{yesterday}/close", new { })).ReadAsync<ChargebackDayView>(HttpStatusCode.OK);
        var again = await Admin.PostJsonAsync($"/api/admin/chargeback/periods/{yesterday}/close", new { });
        var reopened = await (await Admin.PostJsonAsync($"/api/admin/chargeback/periods/{yesterday}/reopen", new { reason = "late records" })).ReadAsync<ChargebackDayView>(HttpStatusCode.OK);
        var days = await (await Admin.GetAsync($"/api/admin/chargeback/periods?from={yesterday}")).ReadAsync<List<ChargebackDayView>>(HttpStatusCode.OK);

        Assert.Equal((ChargebackDayState.Closed, "bootstrap-token"), (closed.State, closed.ClosedBy));
        await again.ProblemAsync(HttpStatusCode.Conflict);
        Assert.Equal((ChargebackDayState.Reopened, "late records"), (reopened.State, reopened.ReopenReason));
        Assert.Equal(ChargebackDayState.Reopened, days[0].State);
        var audit = await (await Admin.GetAsync($"/api/admin/audit?entityType=ClosedPeriod&entityId={yesterday}")).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("ClosedPeriod.Reopened", audit, StringComparison.Ordinal);
        Assert.Contains("ClosedPeriod.Closed", audit, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/admin/chargeback/periods/2026-13-01/reopen", "day")]
    [InlineData("/api/admin/chargeback/periods/yesterday/close", "day")]
    [InlineData("/api/admin/chargeback/periods/2026-11-03/reopen", "reason")]
    public async Task Post_BadDayOrNoReason_Is400NamingTheField(string url, string field)
    {
        var problem = await (await Admin.PostJsonAsync(url, new { })).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors(field));
    }

    [Fact]
    public async Task Get_BadDay_Is400NamingTheField()
    {
        var problem = await (await Admin.GetAsync("/api/admin/chargeback/periods?from=11/03/2026")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors("from"));
    }

    [Theory]
    [InlineData("/api/admin/chargeback/periods/2026-11-03/reopen")]
    [InlineData("/api/admin/chargeback/periods/2026-11-03/close")]
    public async Task Post_AsTeamOwner_Is403(string url)
    {
        await CreateTeamWithPeopleAsync();
        var owner = await SignInAsync(OwnerId);

        await (await owner.PostJsonAsync(url, new { reason = "mine" })).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task GetSpend_OwnTeamsMember_SeesIt_AnotherTeamsMemberIs403()
    {
        var team = await CreateTeamWithPeopleAsync();
        var other = await CreateTeamAsync(new { name = Unique("other"), owners = new[] { "someone@fabrikam.com" } });
        var member = await SignInAsync(MemberId);

        var spend = await (await member.GetAsync($"/api/admin/teams/{team.Id}/spend?month=2026-11")).ReadAsync<TeamSpendView>(HttpStatusCode.OK);
        var refused = await member.GetAsync($"/api/admin/teams/{other.Id}/spend");

        Assert.Equal((team.Id, "2026-11", 0m), (spend.TeamId, spend.Month, spend.TotalCost));
        await refused.ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task GetSpend_TeamToken_NeedsReadUsage()
    {
        var team = await CreateTeamWithPeopleAsync();
        var owner = await SignInAsync(OwnerId);
        var reader = TokenClient((await IssueTokenAsync(owner, team.Id, "ReadUsage")).Secret);
        var keysOnly = TokenClient((await IssueTokenAsync(owner, team.Id, "ManageKeys")).Secret);

        await (await reader.GetAsync($"/api/admin/teams/{team.Id}/spend")).ReadAsync<TeamSpendView>(HttpStatusCode.OK);
        await (await keysOnly.GetAsync($"/api/admin/teams/{team.Id}/spend")).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task GetSpend_BadMonth_Is400NamingMonth()
    {
        var team = await CreateTeamAsync();

        var problem = await (await Admin.GetAsync($"/api/admin/teams/{team.Id}/spend?month=2026-1")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors("month"));
    }
}
