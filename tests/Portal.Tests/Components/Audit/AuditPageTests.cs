using AiGateway.Portal.Components.Pages.Audit;
using AiGateway.Portal.Tests.Components.Backends;
using AiGateway.Shared.Data;
using AiGateway.Shared.Services.Backends;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AiGateway.Portal.Tests.Components.Audit;

public sealed class AuditPageTests : PortalComponentTestBase
{
    private BackendService Backends => Data.GetRequiredService<BackendService>();

    [Fact]
    public async Task Page_Admin_ListsChangesNewestFirst()
    {
        await AddBackendAsync("first", "ana@contoso.com");
        await AddBackendAsync("second", "bob@contoso.com");
        SignInAsAdmin();

        var page = Render<AuditPage>();

        var rows = page.WaitForElements("[data-testid=audit-row]");
        Assert.Equal(2, rows.Count);
        Assert.Contains("bob@contoso.com", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("Backend.Created", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("ana@contoso.com", rows[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActorFilter_Applied_NarrowsTheRows()
    {
        await AddBackendAsync("first", "ana@contoso.com");
        await AddBackendAsync("second", "bob@contoso.com");
        await AddBackendAsync("third", "ana@contoso.com");
        SignInAsAdmin();
        var page = Render<AuditPage>();
        Assert.Equal(3, page.WaitForElements("[data-testid=audit-row]").Count);

        page.Find("[data-testid=audit-actor] input, input[data-testid=audit-actor]").Change("ana@contoso.com");
        page.Find("[data-testid=audit-apply]").Click();

        page.WaitForAssertion(() =>
        {
            var rows = page.FindAll("[data-testid=audit-row]");
            Assert.Equal(2, rows.Count);
            Assert.All(rows, r => Assert.Contains("ana@contoso.com", r.TextContent, StringComparison.Ordinal));
        });
    }

    [Fact]
    public async Task EntityIdFilter_Applied_ShowsOnlyThatEntitysHistory()
    {
        var kept = await AddBackendAsync("kept", "ana@contoso.com");
        await AddBackendAsync("other", "ana@contoso.com");
        await Backends.UpdateAsync(kept.Id, new BackendInput { Name = "kept", BaseUrl = kept.BaseUrl, Region = "westeurope" }, "ana@contoso.com", Ct);
        SignInAsAdmin();
        var page = Render<AuditPage>();
        page.WaitForElements("[data-testid=audit-row]");

        page.Find("[data-testid=audit-entity-id] input, input[data-testid=audit-entity-id]").Change(kept.Id.ToString());
        page.Find("[data-testid=audit-apply]").Click();

        page.WaitForAssertion(() =>
        {
            var rows = page.FindAll("[data-testid=audit-row]");
            Assert.Equal(2, rows.Count);
            Assert.Contains("Backend.Updated", rows[0].TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Row_Expanded_ShowsBeforeAndAfterJsonWithSecretsRedacted()
    {
        var backend = await AddBackendAsync("kept", "ana@contoso.com");
        await Backends.UpdateAsync(backend.Id, new BackendInput { Name = "kept", BaseUrl = backend.BaseUrl, Region = "westeurope" }, "ana@contoso.com", Ct);
        SignInAsAdmin();
        var page = Render<AuditPage>();

        page.WaitForElements("[data-testid=audit-expand]")[0].Click();

        var before = page.WaitForElement("[data-testid=audit-before]").TextContent;
        var after = page.Find("[data-testid=audit-after]").TextContent;
        Assert.Contains("swedencentral", before, StringComparison.Ordinal);
        Assert.Contains("westeurope", after, StringComparison.Ordinal);
        Assert.DoesNotContain("backend-key", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LoadMore_MoreThanAPage_FetchesTheOlderRows()
    {
        for (var i = 0; i < AuditPage.PageSize + 5; i++)
        {
            await AddBackendAsync($"backend-{i:000}", "ana@contoso.com");
        }

        SignInAsAdmin();
        var page = Render<AuditPage>();
        Assert.Equal(AuditPage.PageSize, page.WaitForElements("[data-testid=audit-row]").Count);

        page.Find("[data-testid=audit-load-more]").Click();

        page.WaitForAssertion(() => Assert.Equal(AuditPage.PageSize + 5, page.FindAll("[data-testid=audit-row]").Count));
        Assert.Empty(page.FindAll("[data-testid=audit-load-more]"));
        var ids = page.FindAll("[data-testid=audit-row]").Select(r => long.Parse(r.GetAttribute("data-audit-id")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
    }

    [Fact]
    public async Task Page_TeamMember_GetsNoDataAndNoFilters()
    {
        await AddBackendAsync("first", "ana@contoso.com");
        SignInAsMember("member@test.local");

        var page = Render<AuditPage>();

        page.WaitForElement("[data-testid=admin-only]");
        Assert.Empty(page.FindAll("[data-testid=audit-row]"));
        Assert.Empty(page.FindAll("[data-testid=audit-apply]"));
        Assert.DoesNotContain("ana@contoso.com", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_RoleGoneSinceThePageLoaded_ServerRefusesAndShowsNothing()
    {
        await AddBackendAsync("first", "ana@contoso.com");
        SignInAsAdmin();
        var page = Render<AuditPage>();
        var apply = page.WaitForElement("[data-testid=audit-apply]");
        page.WaitForElement("[data-testid=audit-row]");

        SignInAsMember("member@test.local");
        apply.Click();

        page.WaitForElement("[data-testid=admin-only]");
        Assert.Empty(page.FindAll("[data-testid=audit-row]"));
        Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Severity == Severity.Error);
    }

    private async Task<BackendView> AddBackendAsync(string name, string actor) =>
        await Backends.CreateAsync(new BackendInput
        {
            Name = name, BaseUrl = $"https://{name}.openai.azure.com", Region = "swedencentral", ApiKey = "backend-key-" + name,
        }, actor, Ct);
}
