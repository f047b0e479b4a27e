using System.Net;
using AiGateway.Portal.Tests.Infrastructure;
using AiGateway.Shared.Services.Quotas;

namespace AiGateway.Portal.Tests.Api;

/// <summary>Budgets in currency and their notice thresholds through the management API.</summary>
public sealed class QuotaPolicyBudgetsApiTests : PortalTestBase
{
    [Fact]
    public async Task QuotaPolicy_CostBudgetsAndThresholds_AreSavedAndShown()
    {
        var team = await CreateTeamAsync();

        var created = await (await Admin.PostJsonAsync("/api/admin/quota-policies", new
        {
            scope = "Team", teamId = team.Id, dailyCostBudget = 12.5m, monthlyCostBudget = 250.1234m, budgetAlertPercents = " 25, 75 ,100",
        })).ReadAsync<QuotaPolicyView>(HttpStatusCode.Created);
        var read = await (await Admin.GetAsync($"/api/admin/quota-policies/{created.Id}")).ReadAsync<QuotaPolicyView>(HttpStatusCode.OK);

        Assert.Equal((12.5m, 250.1234m, "25,75,100"), (read.DailyCostBudget, read.MonthlyCostBudget, read.BudgetAlertPercents));
    }

    [Fact]
    public async Task QuotaPolicy_ThresholdsOmitted_MeanTheDefaultAndEmptyMeansNone()
    {
        var team = await CreateTeamAsync();

        var defaulted = await (await Admin.PostJsonAsync("/api/admin/quota-policies", new { scope = "Team", teamId = team.Id, monthlyCostBudget = 100 }))
            .ReadAsync<QuotaPolicyView>(HttpStatusCode.Created);
        var silent = await (await Admin.PutJsonAsync($"/api/admin/quota-policies/{defaulted.Id}", new { scope = "Team", teamId = team.Id, monthlyCostBudget = 100, budgetAlertPercents = "" }))
            .ReadAsync<QuotaPolicyView>(HttpStatusCode.OK);

        Assert.Null(defaulted.BudgetAlertPercents);
        Assert.Equal("50,80,100", defaulted.EffectiveAlertPercents);
        Assert.Equal("", silent.BudgetAlertPercents);
    }

    [Theory]
    [InlineData(-1.0, null, "dailyCostBudget")]
    [InlineData(null, 1_000_000_001.0, "monthlyCostBudget")]
    [InlineData(0.00001, null, "dailyCostBudget")]
    public async Task QuotaPolicy_CostBudgetOutOfRange_Is400NamingTheField(double? daily, double? monthly, string field)
    {
        var team = await CreateTeamAsync();

        var problem = await (await Admin.PostJsonAsync("/api/admin/quota-policies", new
        {
            scope = "Team", teamId = team.Id, dailyCostBudget = (decimal?)daily, monthlyCostBudget = (decimal?)monthly,
        })).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors(field));
    }

    [Theory]
    [InlineData("80,50")]
    [InlineData("50,50")]
    [InlineData("0,50")]
    [InlineData("50,101")]
    [InlineData("fifty")]
    [InlineData("1,2,3,4,5,6,7,8,9,10,11")]
    public async Task QuotaPolicy_BadThresholds_Is400(string percents)
    {
        var team = await CreateTeamAsync();

        var problem = await (await Admin.PostJsonAsync("/api/admin/quota-policies", new
        {
            scope = "Team", teamId = team.Id, dailyCostBudget = 10, budgetAlertPercents = percents,
        })).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors("budgetAlertPercents"));
        var listed = await (await Admin.GetAsync($"/api/admin/quota-policies?teamId={team.Id}")).ReadAsync<List<QuotaPolicyView>>(HttpStatusCode.OK);
        Assert.Empty(listed);
    }

    [Fact]
    public async Task QuotaPolicy_OnlyACostBudget_CountsAsALimit()
    {
        var team = await CreateTeamAsync();

        var created = await (await Admin.PostJsonAsync("/api/admin/quota-policies", new { scope = "Team", teamId = team.Id, dailyCostBudget = 0 }))
            .ReadAsync<QuotaPolicyView>(HttpStatusCode.Created);

        Assert.Equal(0m, created.DailyCostBudget);
    }
}
