using AiGateway.Portal.Components.Pages.Aliases;
using AiGateway.Portal.Tests.Components.Backends;
using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Backends;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AiGateway.Portal.Tests.Components.Aliases;

public sealed class AliasesPageTests : PortalComponentTestBase
{
    private AliasService Aliases => Data.GetRequiredService<AliasService>();

    [Fact]
    public async Task Page_Admin_DrawsTiersInOrderWithEachDeploymentsShare()
    {
        var (ptu, paygoA, paygoB) = await SeedDeploymentsAsync();
        await Aliases.CreateAsync(new AliasInput
        {
            Name = "gpt-4o-mini",
            Targets =
            [
                new AliasTargetInput { DeploymentId = paygoA.Id, Weight = 3 },
                new AliasTargetInput { DeploymentId = ptu.Id, Weight = 1 },
                new AliasTargetInput { DeploymentId = paygoB.Id, Weight = 1 },
            ],
        }, "test", Ct);
        SignInAsAdmin();

        var page = Render<AliasesPage>();

        var alias = page.WaitForElement("[data-testid=alias-row][data-alias=gpt-4o-mini]");
        var tiers = alias.QuerySelectorAll("[data-testid=traffic-tier]");
        Assert.Equal(["0", "1"], tiers.Select(t => t.GetAttribute("data-tier")));
        Assert.Equal("100%", Percent(tiers[0], "ptu-chat"));
        Assert.Equal("75%", Percent(tiers[1], "paygo-a"));
        Assert.Equal("25%", Percent(tiers[1], "paygo-b"));
        var label = tiers[1].QuerySelector("[data-testid=traffic-share][data-deployment=paygo-a]")!.TextContent;
        Assert.Contains("paygo-east", label, StringComparison.Ordinal);
        Assert.Contains("eastus", label, StringComparison.Ordinal);
        Assert.Contains("Standard", label, StringComparison.Ordinal);
        Assert.Contains("Provisioned", tiers[0].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AddAlias_EmptyForm_NamesTheFieldsTheServiceRejects()
    {
        SignInAsAdmin();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<AliasesPage>();

        page.WaitForElement("[data-testid=add-alias]").Click();
        dialogs.WaitForElement("[data-testid=alias-save]").Click();

        dialogs.WaitForAssertion(() =>
        {
            Assert.Contains("'name' is required.", BackendsPageTests.FieldText(dialogs, "alias-name"), StringComparison.Ordinal);
            Assert.Contains("at least one target", dialogs.Find("[data-testid=targets-error]").TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task EditAlias_ChangeAWeight_SavesAndRedrawsThePicture()
    {
        var (_, paygoA, paygoB) = await SeedDeploymentsAsync();
        var alias = await Aliases.CreateAsync(new AliasInput
        {
            Name = "chat",
            Targets = [new AliasTargetInput { DeploymentId = paygoA.Id, Weight = 1 }, new AliasTargetInput { DeploymentId = paygoB.Id, Weight = 1 }],
        }, "test", Ct);
        SignInAsAdmin();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<AliasesPage>();

        page.WaitForElement("[data-testid=edit-alias]").Click();
        var rows = dialogs.WaitForElements("[data-testid=alias-target-row]");
        Assert.Equal(2, rows.Count);
        var weightOfA = alias.Targets.ToList().FindIndex(t => t.DeploymentId == paygoA.Id);
        dialogs.FindAll("[data-testid=alias-target-weight] input, input[data-testid=alias-target-weight]")[weightOfA].Change("3");
        dialogs.Find("[data-testid=alias-save]").Click();

        page.WaitForAssertion(() => Assert.Equal("75%", Percent(page.Find("[data-testid=traffic-tier]"), "paygo-a")));
        Assert.Equal(3, (await Aliases.GetAsync(alias.Id, Ct)).Targets.Single(t => t.DeploymentId == paygoA.Id).Weight);
    }

    [Fact]
    public async Task EditAlias_FirstByteWait_IsSaved_AndOutOfBoundsIsNamedOnTheField()
    {
        var (ptu, _, _) = await SeedDeploymentsAsync();
        var alias = await Aliases.CreateAsync(new AliasInput { Name = "reasoning", Targets = [new AliasTargetInput { DeploymentId = ptu.Id }] }, "test", Ct);
        SignInAsAdmin();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<AliasesPage>();

        page.WaitForElement("[data-testid=edit-alias]").Click();
        var field = "[data-testid=alias-first-byte-timeout] input, input[data-testid=alias-first-byte-timeout]";
        dialogs.WaitForElement(field).Change("0.5");
        dialogs.Find("[data-testid=alias-save]").Click();
        dialogs.WaitForAssertion(() =>
            Assert.Contains("between 1 and 600", BackendsPageTests.FieldText(dialogs, "alias-first-byte-timeout"), StringComparison.Ordinal));
        Assert.Null((await Aliases.GetAsync(alias.Id, Ct)).FirstByteTimeoutSeconds);

        dialogs.Find(field).Change("90");
        dialogs.Find("[data-testid=alias-save]").Click();

        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=alias-dialog]")));
        Assert.Equal(90, (await Aliases.GetAsync(alias.Id, Ct)).FirstByteTimeoutSeconds);
    }

    [Fact]
    public async Task DeleteAlias_AsksFirst_ThenDeletes()
    {
        var (ptu, _, _) = await SeedDeploymentsAsync();
        await Aliases.CreateAsync(new AliasInput { Name = "old", Targets = [new AliasTargetInput { DeploymentId = ptu.Id }] }, "test", Ct);
        SignInAsAdmin();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<AliasesPage>();

        page.WaitForElement("[data-testid=delete-alias]").Click();
        Assert.Contains("'old'", dialogs.WaitForElement("[data-testid=confirm-message]").TextContent, StringComparison.Ordinal);
        Assert.Single(await Aliases.ListAsync(Ct));
        dialogs.Find("[data-testid=confirm-ok]").Click();

        page.WaitForElement("[data-testid=no-aliases]");
        Assert.Empty(await Aliases.ListAsync(Ct));
    }

    [Fact]
    public async Task Page_TeamMember_GetsNoDataAndNoActions()
    {
        var (ptu, _, _) = await SeedDeploymentsAsync();
        await Aliases.CreateAsync(new AliasInput { Name = "secret-alias", Targets = [new AliasTargetInput { DeploymentId = ptu.Id }] }, "test", Ct);
        SignInAsMember("member@test.local");

        var page = Render<AliasesPage>();

        page.WaitForElement("[data-testid=admin-only]");
        Assert.Empty(page.FindAll("[data-testid=add-alias]"));
        Assert.DoesNotContain("secret-alias", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisableAlias_RoleGoneSinceThePageLoaded_ServerRefuses()
    {
        var (ptu, _, _) = await SeedDeploymentsAsync();
        await Aliases.CreateAsync(new AliasInput { Name = "chat", Targets = [new AliasTargetInput { DeploymentId = ptu.Id }] }, "test", Ct);
        SignInAsAdmin();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<AliasesPage>();
        var toggle = page.WaitForElement("[data-testid=toggle-alias]");

        SignInAsMember("member@test.local");
        toggle.Click();

        page.WaitForElement("[data-testid=admin-only]");
        Assert.Empty(dialogs.FindAll("[data-testid=confirm-ok]"));
        Assert.True(Assert.Single(await Aliases.ListAsync(Ct)).Enabled);
    }

    private static string Percent(AngleSharp.Dom.IElement tier, string deployment) =>
        tier.QuerySelector($"[data-testid=traffic-share][data-deployment={deployment}] [data-testid=traffic-percent]")!.TextContent.Trim();

    private async Task<(DeploymentView Ptu, DeploymentView PaygoA, DeploymentView PaygoB)> SeedDeploymentsAsync()
    {
        var backends = Data.GetRequiredService<BackendService>();
        var deployments = Data.GetRequiredService<DeploymentService>();
        var ptu = await backends.CreateAsync(new BackendInput
        {
            Name = "ptu-sweden", BaseUrl = "https://ptu.example", Region = "swedencentral", Tier = BackendTier.Provisioned, ApiKey = "k",
        }, "test", Ct);
        var paygo = await backends.CreateAsync(new BackendInput
        {
            Name = "paygo-east", BaseUrl = "https://paygo.example", Region = "eastus", Tier = BackendTier.Standard, ApiKey = "k",
        }, "test", Ct);
        return (
            await deployments.CreateAsync(new DeploymentInput { BackendId = ptu.Id, Name = "ptu-chat", Model = "gpt-4o-mini" }, "test", Ct),
            await deployments.CreateAsync(new DeploymentInput { BackendId = paygo.Id, Name = "paygo-a", Model = "gpt-4o-mini" }, "test", Ct),
            await deployments.CreateAsync(new DeploymentInput { BackendId = paygo.Id, Name = "paygo-b", Model = "gpt-4o-mini" }, "test", Ct));
    }
}
