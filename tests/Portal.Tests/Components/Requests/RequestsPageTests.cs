using AiGateway.Portal.Components.Pages.Requests;
using AiGateway.Portal.Tests.Components.Dashboard;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Portal.Tests.Components.Requests;

public sealed class RequestsPageTests : LiveFiguresTestBase
{
    [Fact]
    public async Task RequestsPage_StoredRequests_ListsThemWithTheirDetails()
    {
        SignInAsAdmin();
        var alpha = await CreateTeamAsync("alpha");
        await ServedAsync(alpha, count: 2, tokens: 300);
        await ServedAsync(alpha, count: 1, status: 429);

        var page = Render<RequestsPage>();

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll("[data-testid=request-row]").Count));
        var throttled = page.Find("[data-testid=request-row][data-status='429']");
        Assert.Equal("alpha", throttled.GetAttribute("data-team"));
        Assert.Contains("gpt-4o-mini-ptu", page.Markup, StringComparison.Ordinal);
        Assert.Contains("ptu-sweden", page.Markup, StringComparison.Ordinal);
        Assert.Contains("300 / 0", page.FindAll("[data-testid=request-tokens]").Select(t => t.TextContent.Trim()));
        Assert.Contains("records reach the database within ~2 s", page.Find("[data-testid=requests-freshness]").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestsPage_Member_SeesOnlyTheirTeamsRequests()
    {
        var alpha = await CreateTeamAsync("alpha", "mia@contoso.com");
        var beta = await CreateTeamAsync("beta");
        await ServedAsync(alpha, count: 1);
        await ServedAsync(beta, count: 4);
        SignInAsMember("mia@contoso.com");

        var page = Render<RequestsPage>();

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=request-row]")));
        Assert.DoesNotContain("beta", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RequestsPage_UnknownStatus_ShowsTheError()
    {
        SignInAsAdmin();
        var alpha = await CreateTeamAsync("alpha");
        await ServedAsync(alpha, count: 1);
        var page = Render<RequestsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=request-row]")));

        page.Find("[data-testid=requests-status] input, input[data-testid=requests-status]").Change("7xx");
        page.Find("[data-testid=requests-search]").Click();

        page.WaitForAssertion(() => Assert.Contains("'status' must be an HTTP status code", page.Find("[data-testid=form-error]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RequestsPage_RequestIdInTheAddress_FindsThatRequest()
    {
        SignInAsAdmin();
        var alpha = await CreateTeamAsync("alpha");
        await ServedAsync(alpha, count: 3);
        string wanted;
        {
            var all = Render<RequestsPage>();
            all.WaitForAssertion(() => Assert.Equal(3, all.FindAll("[data-testid=request-row]").Count));
            wanted = all.FindAll("[data-testid=request-row]")[1].GetAttribute("data-request-id")!;
        }

        Services.GetRequiredService<NavigationManager>().NavigateTo($"/requests?requestId={wanted}");
        var page = Render<RequestsPage>();

        page.WaitForAssertion(() => Assert.Equal(wanted, Assert.Single(page.FindAll("[data-testid=request-row]")).GetAttribute("data-request-id")));
    }
}
