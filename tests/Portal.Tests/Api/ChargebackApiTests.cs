using System.Net;
using System.Net.Http.Headers;
using AiGateway.Portal.Tests.Infrastructure;
using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Backends;
using AiGateway.Shared.Services.Pricing;
using AiGateway.Shared.Services.Chargeback;
using AiGateway.Shared.Services.Teams;
using AiGateway.Shared.Services.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Portal.Tests.Api;

public sealed class ChargebackApiTests : PortalTestBase
{
    private const string November = "from=2026-11-01&to=2026-12-01";
    private static readonly DateTimeOffset NovemberStart = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Get_Json_ChargesEachTeamItsTokensAndItsShareOfTheFixedCost()
    {
        var (contoso, fabrikam, ptu) = await ArrangeAsync();

        var report = await (await Admin.GetAsync($"/api/admin/chargeback?{November}")).ReadAsync<ChargebackReport>(HttpStatusCode.OK);

        Assert.Equal((NovemberStart, NovemberStart.AddMonths(1)), (report.From, report.To));
        var contosoCharge = Assert.Single(report.Teams, t => t.TeamId == contoso.Id);
        // 3000 over November's 30 days: 100 a day, each day to whoever used the deployment that day.
        Assert.Equal((contoso.Name, 2L, 300L, 0.75m, 100m, 100.75m), (contosoCharge.TeamName, contosoCharge.Requests, contosoCharge.PromptTokens + contosoCharge.CompletionTokens, contosoCharge.TokenCost, contosoCharge.FixedCost, contosoCharge.TotalCost));
        var line = Assert.Single(contosoCharge.Lines);
        Assert.Equal((ptu.Id, ptu.Name, "gpt-4o"), (line.DeploymentId, line.DeploymentName, line.AliasName));
        Assert.Equal(100m, Assert.Single(report.Teams, t => t.TeamId == fabrikam.Id).FixedCost);
        Assert.Equal((3000m, 200m), (Assert.Single(report.FixedCosts).FixedCost, report.Totals.FixedCost));
        Assert.True(report.Provisional);
    }

    [Fact]
    public async Task Get_TeamId_ReportsOnlyThatTeam()
    {
        var (_, fabrikam, _) = await ArrangeAsync();

        var report = await (await Admin.GetAsync($"/api/admin/chargeback?{November}&teamId={fabrikam.Id}")).ReadAsync<ChargebackReport>(HttpStatusCode.OK);

        Assert.Equal(fabrikam.Id, Assert.Single(report.Teams).TeamId);
        Assert.Equal(100m, report.Totals.TotalCost);
    }

    [Fact]
    public async Task Get_FormatCsv_DownloadsOneRowPerTeamAliasAndDeployment()
    {
        var (contoso, fabrikam, ptu) = await ArrangeAsync();

        var response = await Admin.GetAsync($"/api/admin/chargeback?{November}&format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal("chargeback-2026-11-01-2026-12-01.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var rows = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, rows.Length);
        Assert.StartsWith("from,to,teamId,team,alias,", rows[0], StringComparison.Ordinal);
        Assert.Contains(rows, r => r.Contains($",{contoso.Id},{contoso.Name},gpt-4o,{ptu.Id},{ptu.Name},", StringComparison.Ordinal) && r.EndsWith(",0.75,100,100.75", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains($",{fabrikam.Id},", StringComparison.Ordinal) && r.EndsWith(",0,100,100", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Get_AcceptTextCsv_DownloadsCsv()
    {
        await ArrangeAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/admin/chargeback?{November}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));

        var response = await Admin.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("from,to,", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_NoPeriod_IsTheCurrentUtcMonth()
    {
        var now = DateTimeOffset.UtcNow;

        var report = await (await Admin.GetAsync("/api/admin/chargeback")).ReadAsync<ChargebackReport>(HttpStatusCode.OK);

        var month = ReportPeriod.MonthOf(now);
        Assert.True(report.From == month.From || report.From == month.To, "the current month (or the next, at a month's turn)");
        Assert.Equal(report.From.AddMonths(1), report.To);
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-01", "to")]
    [InlineData("from=2026-11-02&to=2026-11-01", "to")]
    [InlineData("from=2026-11-01&to=2026-11-01", "to")]
    [InlineData("from=2026-01-01&to=2027-01-03", "to")]
    [InlineData("teamId=contoso", "teamId")]
    [InlineData("format=xml", "format")]
    public async Task Get_BadQuery_Is400NamingTheField(string query, string field)
    {
        var response = await Admin.GetAsync($"/api/admin/chargeback?{query}");

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors(field));
    }

    [Fact]
    public async Task GetUsageHourly_Period_ReturnsTheRollupRowsOldestFirst()
    {
        var (contoso, fabrikam, ptu) = await ArrangeAsync();

        var rows = await (await Admin.GetAsync($"/api/admin/usage/hourly?{November}")).ReadAsync<List<UsageHourlyView>>(HttpStatusCode.OK);
        var contosoRows = await (await Admin.GetAsync($"/api/admin/usage/hourly?{November}&teamId={contoso.Id}")).ReadAsync<List<UsageHourlyView>>(HttpStatusCode.OK);

        Assert.Equal(2, rows.Count);
        Assert.True(rows[0].HourStart <= rows[1].HourStart);
        Assert.Equal([contoso.Id, fabrikam.Id], rows.Select(r => r.TeamId).Order());
        var row = Assert.Single(contosoRows);
        Assert.Equal((ptu.Id, ptu.BackendId, null, 2L, 200L, 100L, 0.75m), (row.DeploymentId, row.BackendId, row.ApiKeyId, row.Requests, row.PromptTokens, row.CompletionTokens, row.Cost));
    }

    [Theory]
    [InlineData("from=2026-11-01&to=2026-12-15", "to")]
    [InlineData("from=soon", "from")]
    [InlineData("teamId=1", "teamId")]
    public async Task GetUsageHourly_BadQuery_Is400NamingTheField(string query, string field)
    {
        var problem = await (await Admin.GetAsync($"/api/admin/usage/hourly?{query}")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors(field));
    }

    [Theory]
    [InlineData("/api/admin/chargeback")]
    [InlineData("/api/admin/chargeback?format=csv")]
    [InlineData("/api/admin/usage/hourly")]
    public async Task Get_WithoutCredentials_Is401(string url)
    {
        await (await Factory.CreateClient().GetAsync(url)).ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("/api/admin/chargeback")]
    [InlineData("/api/admin/usage/hourly")]
    public async Task Get_AsSignedInTeamMember_Is403(string url)
    {
        var member = await Factory.CreateSignedInClientAsync("member@contoso.com", "TeamMember");

        await (await member.GetAsync(url)).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Deployments_MonthlyFixedCost_IsSavedAndOutOfRangeIsRefused()
    {
        var backend = await CreateBackendAsync();
        var created = await (await Admin.PostJsonAsync("/api/admin/deployments", new { backendId = backend.Id, name = "ptu", model = "gpt-4o", price = new { monthlyFixedCost = 12500.5m } }))
            .ReadAsync<DeploymentView>(HttpStatusCode.Created);
        Assert.Equal(12500.5m, created.CurrentPrice?.MonthlyFixedCost);

        foreach (var bad in new[] { -1m, DeploymentPriceRules.MaxMonthlyFixedCost + 1 })
        {
            var problem = await (await Admin.PostJsonAsync($"/api/admin/deployments/{created.Id}/prices", new { monthlyFixedCost = bad }))
                .ProblemAsync(HttpStatusCode.BadRequest);
            Assert.NotEmpty(problem.FieldErrors("monthlyFixedCost"));
        }
    }

    /// <summary>Two teams on one provisioned deployment costing 3000 a month; their usage in November as the gateway writes it.</summary>
    private async Task<(TeamView Contoso, TeamView Fabrikam, DeploymentView Ptu)> ArrangeAsync()
    {
        var contoso = await CreateTeamAsync(new { name = Unique("contoso") });
        var fabrikam = await CreateTeamAsync(new { name = Unique("fabrikam") });
        var backend = await CreateBackendAsync();
        var ptu = await (await Admin.PostJsonAsync("/api/admin/deployments", new { backendId = backend.Id, name = Unique("ptu"), model = "gpt-4o", price = new { monthlyFixedCost = 3000m } }))
            .ReadAsync<DeploymentView>(HttpStatusCode.Created);
        // MERGE: the deployments API writes the price table once the pricing change lands; until then the version is stored here.
        await using (var db = Factory.CreateDbContext())
        {
            db.DeploymentPrices.Add(new DeploymentPrice { DeploymentId = ptu.Id, EffectiveFrom = NovemberStart.AddYears(-1), MonthlyFixedCost = 3000m });
            await db.SaveConfigurationChangesAsync("tester", TestContext.Current.CancellationToken);
        }

        var writer = new UsageRollupWriter(Factory.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>());
        await writer.WriteAsync(
        [
            Usage(contoso.Id, ptu, NovemberStart.AddDays(2), 100, 50, 0.5m),
            Usage(contoso.Id, ptu, NovemberStart.AddDays(2).AddMinutes(5), 100, 50, 0.25m),
            Usage(fabrikam.Id, ptu, NovemberStart.AddDays(9), 80, 20, 0m),
            Usage(fabrikam.Id, ptu, NovemberStart.AddMonths(1), 1000, 1000, 10m),
        ], TestContext.Current.CancellationToken);
        return (contoso, fabrikam, ptu);
    }

    private static UsageRecord Usage(Guid teamId, DeploymentView deployment, DateTimeOffset at, int prompt, int completion, decimal cost) => new()
    {
        At = at,
        RequestId = Guid.NewGuid().ToString("N"),
        TeamId = teamId,
        AliasName = "gpt-4o",
        DeploymentId = deployment.Id,
        BackendId = deployment.BackendId,
        Operation = "chat.completions",
        PromptTokens = prompt,
        CompletionTokens = completion,
        StatusCode = 200,
        LatencyMs = 120,
        Cost = cost,
    };
}
