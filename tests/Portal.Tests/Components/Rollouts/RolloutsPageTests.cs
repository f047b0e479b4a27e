using AiGateway.Gateway.Rollouts;
using AiGateway.Portal.Components.Pages.Rollouts;
using AiGateway.Portal.Tests.Components.Backends;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Backends;
using AiGateway.Shared.Services.Rollouts;
using Bunit;
using AiGateway.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor;

namespace AiGateway.Portal.Tests.Components.Rollouts;

public sealed class RolloutsPageTests : PortalComponentTestBase
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 28, 9, 0, 0, TimeSpan.Zero));
    private readonly RolloutTraffic _traffic = new();

    public RolloutsPageTests()
    {
        Services.AddSingleton<TimeProvider>(_clock);
        Services.AddSingleton(_traffic);
        Services.AddSingleton(Options.Create(new RolloutOptions { ReplicaId = "bunit" }));
        Services.AddSingleton(Data.GetRequiredService<RolloutService>());
        Services.AddSingleton<RolloutFiguresStore>();
    }

    private RolloutService Rollouts => Data.GetRequiredService<RolloutService>();

    [Fact]
    public async Task Wizard_ValidCanary_CreatesAndStartsIt_AndTheLiveViewShowsBlueAndGreen()
    {
        var (alias, _, green) = await SeedAsync();
        SignInAsAdmin();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<RolloutsPage>();

        page.WaitForElement("[data-testid=no-active-rollouts]");
        page.Find("[data-testid=new-rollout]").Click();
        dialogs.WaitForElement("[data-testid=rollout-wizard]");
        await ChooseAsync(dialogs, 0, alias.Id);
        Assert.Contains("blue-chat", dialogs.Find("[data-testid=rollout-shape-before]").TextContent, StringComparison.Ordinal);
        await ChooseAsync(dialogs, 1, green.Id);
        // One target: green replaces it without being told, and the alias after shows green in its place.
        dialogs.WaitForAssertion(() => Assert.Equal("tier 1: green-chat (gpt-4o-mini), weight 1", dialogs.Find("[data-testid=rollout-shape-after] [data-green=true]").TextContent));
        Assert.DoesNotContain("blue-chat", dialogs.Find("[data-testid=rollout-shape-after]").TextContent, StringComparison.Ordinal);
        dialogs.Find("[data-testid=rollout-steps] input, input[data-testid=rollout-steps]").Change("20, 100");
        dialogs.Find("[data-testid=rollout-create]").Click();

        var card = page.WaitForElement("[data-testid=rollout-card][data-alias=chat]");
        Assert.Equal("Running", card.GetAttribute("data-state"));
        Assert.Equal("20", page.Find("[data-testid=rollout-weight]").TextContent);
        page.Find("[data-testid=rollout-compare]");
        Assert.Contains("Not judged yet", page.Find("[data-testid=rollout-verdict]").TextContent, StringComparison.Ordinal);
        var created = Assert.Single(await Rollouts.ListAsync(ct: Ct));
        Assert.Equal([20, 100], created.StepWeights);
        Assert.Equal("admin@test.local", created.CreatedBy);
        Assert.Equal((RolloutAssignmentMode.PerClient, RolloutService.DefaultMaxStepSeconds, false), (created.Assignment, created.MaxStepSeconds, created.AdvanceUnjudged));
    }

    [Fact]
    public async Task Wizard_AliasWithTwoTargetsOfGreensModel_AsksWhichOneGreenReplaces_ThenShowsTheAliasBeforeAndAfter()
    {
        var (alias, blue, green, spill) = await SeedTwoTargetsAsync();
        SignInAsAdmin();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<RolloutsPage>();

        page.WaitForElement("[data-testid=new-rollout]").Click();
        dialogs.WaitForElement("[data-testid=rollout-wizard]");
        await ChooseAsync(dialogs, 0, alias.Id);
        await ChooseAsync(dialogs, 1, green.Id);
        dialogs.WaitForAssertion(() =>
            Assert.Contains("say which one green replaces", BackendsPageTests.FieldText(dialogs, "rollout-from"), StringComparison.Ordinal));
        Assert.Contains("Choose green and the target it replaces", dialogs.Find("[data-testid=rollout-shape-after]").TextContent, StringComparison.Ordinal);

        await ChooseAsync(dialogs, 2, blue.Id);

        dialogs.WaitForAssertion(() =>
        {
            Assert.Equal("tier 0: blue-chat (gpt-4o-mini), weight 1 ← replaced", dialogs.Find("[data-testid=rollout-shape-before] [data-replaced=true]").TextContent);
            var after = dialogs.FindAll("[data-testid=rollout-shape-after] div").Select(d => d.TextContent).ToList();
            Assert.Equal(["tier 0: green-chat (gpt-4o-mini), weight 1", "tier 1: spill-chat (gpt-4o-mini), weight 1"], after);
        });
        dialogs.Find("[data-testid=rollout-create]").Click();
        page.WaitForElement("[data-testid=rollout-card][data-alias=chat]");
        var created = Assert.Single(await Rollouts.ListAsync(ct: Ct));
        Assert.Equal((blue.Id, green.Id), (created.FromDeploymentId, created.ToDeploymentId));
        Assert.NotEqual(spill.Id, created.FromDeploymentId);
    }

    [Fact]
    public async Task Wizard_FewRecentClients_SaysASmallStepLikelyReachesNone_AndCreatesPerRequestWhenChosen()
    {
        var (alias, _, green) = await SeedAsync();
        await SeedRecentClientsAsync("chat", 7);
        SignInAsAdmin();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<RolloutsPage>();

        page.WaitForElement("[data-testid=new-rollout]").Click();
        dialogs.WaitForElement("[data-testid=rollout-wizard]");
        await ChooseAsync(dialogs, 0, alias.Id);
        await ChooseAsync(dialogs, 1, green.Id);
        dialogs.Find("[data-testid=rollout-steps] input, input[data-testid=rollout-steps]").Change("10, 100");

        dialogs.WaitForAssertion(() =>
        {
            Assert.Equal("7 clients called this alias in the last 24 hours.", dialogs.Find("[data-testid=rollout-clients]").TextContent);
            Assert.StartsWith("10 % of 7 clients: likely none on green", dialogs.FindAll("[data-testid=rollout-reach-step]")[0].TextContent, StringComparison.Ordinal);
            Assert.Contains("consider per request", dialogs.FindAll("[data-testid=rollout-reach-step]")[0].TextContent, StringComparison.Ordinal);
        });
        var assignment = dialogs.FindComponent<MudRadioGroup<RolloutAssignmentMode>>();
        await assignment.InvokeAsync(() => assignment.Instance.ValueChanged.InvokeAsync(RolloutAssignmentMode.PerRequest));
        dialogs.WaitForAssertion(() =>
            Assert.Equal("10 % of requests on green, whichever client sends them", dialogs.FindAll("[data-testid=rollout-reach-step]")[0].TextContent));
        dialogs.Find("[data-testid=rollout-create]").Click();

        page.WaitForElement("[data-testid=rollout-card][data-alias=chat]");
        Assert.Contains("% of requests", page.Find("[data-testid=rollout-progress]").TextContent, StringComparison.Ordinal);
        Assert.Equal(RolloutAssignmentMode.PerRequest, Assert.Single(await Rollouts.ListAsync(ct: Ct)).Assignment);
    }

    [Fact]
    public async Task Wizard_MaxStepShorterThanTheHold_ShowsTheServiceMessageUnderTheField()
    {
        var (alias, _, green) = await SeedAsync();
        SignInAsAdmin();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<RolloutsPage>();

        page.WaitForElement("[data-testid=new-rollout]").Click();
        dialogs.WaitForElement("[data-testid=rollout-wizard]");
        await ChooseAsync(dialogs, 0, alias.Id);
        await ChooseAsync(dialogs, 1, green.Id);
        dialogs.Find("[data-testid=rollout-hold] input, input[data-testid=rollout-hold]").Change("600");
        dialogs.Find("[data-testid=rollout-max-step] input, input[data-testid=rollout-max-step]").Change("300");
        dialogs.Find("[data-testid=rollout-create]").Click();

        dialogs.WaitForAssertion(() =>
            Assert.Contains("a step cannot end before its hold", BackendsPageTests.FieldText(dialogs, "rollout-max-step"), StringComparison.Ordinal));
        Assert.Empty(await Rollouts.ListAsync(ct: Ct));
    }

    [Fact]
    public async Task LiveView_StepPausedUnjudged_ShowsWhy_AndSaysWhichSideHadNoRequests()
    {
        var (alias, _, green) = await SeedAsync();
        var rollout = await Rollouts.CreateAsync(new RolloutInput { AliasId = alias.Id, ToDeploymentId = green.Id, StepWeights = [10, 100], Start = true }, "test", Ct);
        var reason = "Paused, waiting for an admin: step 1 of 2 at 10 % was not judged within 3600 s (maxStepSeconds): green had 0 of the 50 samples the guards need to judge it.";
        await Rollouts.PauseAsync(rollout.Id, "rollout-driver@test", new RolloutNote(reason), Ct);
        for (var i = 0; i < 3; i++)
        {
            _traffic.Record(rollout.Id, rollout.Revision + 1, RolloutSide.Blue, 200, false, 100, null);
        }

        await Services.GetRequiredService<RolloutFiguresStore>().PublishAsync(new Dictionary<Guid, int> { [rollout.Id] = rollout.Revision + 1 }, Ct);
        SignInAsAdmin();
        var page = Render<RolloutsPage>();

        page.WaitForElement("[data-testid=rollout-card][data-state=Paused]");
        Assert.Equal(reason, page.Find("[data-testid=rollout-paused-reason]").TextContent.Trim());
        var note = Assert.Single(page.FindAll("[data-testid=rollout-figures-note]"));
        Assert.Contains("Green has had no requests in this step: with assignment per client at 10 %", note.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void Wizard_NothingChosenAndBadSteps_NamesEachField()
    {
        SignInAsAdmin();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<RolloutsPage>();

        page.WaitForElement("[data-testid=new-rollout]").Click();
        dialogs.WaitForElement("[data-testid=rollout-steps]");
        dialogs.Find("[data-testid=rollout-steps] input, input[data-testid=rollout-steps]").Change("5, x");
        dialogs.Find("[data-testid=rollout-create]").Click();

        dialogs.WaitForAssertion(() =>
        {
            Assert.Contains("Choose the alias", BackendsPageTests.FieldText(dialogs, "rollout-alias"), StringComparison.Ordinal);
            Assert.Contains("Choose the deployment", BackendsPageTests.FieldText(dialogs, "rollout-green"), StringComparison.Ordinal);
            Assert.Contains("whole percentages", BackendsPageTests.FieldText(dialogs, "rollout-steps"), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task Wizard_StepsTheServiceRefuses_ShowsItsMessageUnderTheSteps()
    {
        var (alias, _, green) = await SeedAsync();
        SignInAsAdmin();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<RolloutsPage>();

        page.WaitForElement("[data-testid=new-rollout]").Click();
        dialogs.WaitForElement("[data-testid=rollout-wizard]");
        await ChooseAsync(dialogs, 0, alias.Id);
        await ChooseAsync(dialogs, 1, green.Id);
        dialogs.Find("[data-testid=rollout-steps] input, input[data-testid=rollout-steps]").Change("50, 10");
        dialogs.Find("[data-testid=rollout-create]").Click();

        dialogs.WaitForAssertion(() =>
            Assert.Contains("higher than the one before", BackendsPageTests.FieldText(dialogs, "rollout-steps"), StringComparison.Ordinal));
        Assert.Empty(await Rollouts.ListAsync(ct: Ct));
    }

    [Fact]
    public async Task LiveView_RefreshesOnTheClock_WithEveryReplicasPublishedFigures()
    {
        var (alias, _, green) = await SeedAsync();
        var rollout = await Rollouts.CreateAsync(new RolloutInput { AliasId = alias.Id, ToDeploymentId = green.Id, MinSamples = 2, Start = true }, "test", Ct);
        SignInAsAdmin();
        var page = Render<RolloutsPage>();
        page.WaitForElement("[data-testid=rollout-card]");

        for (var i = 0; i < 4; i++)
        {
            _traffic.Record(rollout.Id, rollout.Revision, RolloutSide.Green, i == 0 ? 500 : 200, false, 100, null);
            _traffic.Record(rollout.Id, rollout.Revision, RolloutSide.Blue, 200, false, 100, null);
        }

        await Services.GetRequiredService<RolloutFiguresStore>().PublishAsync(new Dictionary<Guid, int> { [rollout.Id] = rollout.Revision }, Ct);
        _clock.Advance(RolloutsPage.RefreshInterval);

        page.WaitForAssertion(() =>
        {
            Assert.Equal("4", page.Find("[data-testid=figure-requests] [data-side=green]").TextContent);
            Assert.Equal("25.0%", page.Find("[data-testid=figure-errors] [data-side=green]").TextContent);
            Assert.Equal("0.0%", page.Find("[data-testid=figure-errors] [data-side=blue]").TextContent);
            Assert.Contains("Breached", page.Find("[data-testid=rollout-verdict]").TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task RollBack_AsksFirst_ThenEndsTheRolloutAndListsItInTheHistory()
    {
        var (alias, _, green) = await SeedAsync();
        await Rollouts.CreateAsync(new RolloutInput { AliasId = alias.Id, ToDeploymentId = green.Id, Start = true }, "test", Ct);
        SignInAsAdmin();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<RolloutsPage>();

        page.WaitForElement("[data-testid=rollout-rollback]").Click();
        Assert.Contains("blue-chat", dialogs.WaitForElement("[data-testid=confirm-message]").TextContent, StringComparison.Ordinal);
        Assert.Equal(RolloutState.Running, Assert.Single(await Rollouts.ListAsync(ct: Ct)).State);
        dialogs.Find("[data-testid=confirm-ok]").Click();

        page.WaitForElement("[data-testid=rollout-history-row][data-state=RolledBack]");
        Assert.Empty(page.FindAll("[data-testid=rollout-card]"));
        var done = Assert.Single(await Rollouts.ListAsync(ct: Ct));
        Assert.Equal((RolloutState.RolledBack, "admin@test.local"), (done.State, done.History[^1].Actor));
        Assert.Contains("\"green\"", done.History[^1].Metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PauseThenResume_ChangesTheStateShown()
    {
        var (alias, _, green) = await SeedAsync();
        await Rollouts.CreateAsync(new RolloutInput { AliasId = alias.Id, ToDeploymentId = green.Id, Start = true }, "test", Ct);
        SignInAsAdmin();
        var page = Render<RolloutsPage>();

        page.WaitForElement("[data-testid=rollout-pause]").Click();
        page.WaitForElement("[data-testid=rollout-card][data-state=Paused]");
        page.Find("[data-testid=rollout-resume]").Click();
        page.WaitForElement("[data-testid=rollout-card][data-state=Running]");
    }

    [Fact]
    public async Task Page_TeamMember_GetsNoDataAndNoActions()
    {
        var (alias, _, green) = await SeedAsync();
        await Rollouts.CreateAsync(new RolloutInput { AliasId = alias.Id, ToDeploymentId = green.Id, Start = true }, "test", Ct);
        SignInAsMember("member@test.local");

        var page = Render<RolloutsPage>();

        page.WaitForElement("[data-testid=admin-only]");
        Assert.Empty(page.FindAll("[data-testid=new-rollout]"));
        Assert.Empty(page.FindAll("[data-testid=rollout-card]"));
        Assert.DoesNotContain("green-chat", page.Markup, StringComparison.Ordinal);
    }

    private static async Task ChooseAsync(IRenderedComponent<MudDialogProvider> dialogs, int index, Guid value)
    {
        // MudSelect's list lives in a popover; the choice itself is what the select reports through ValueChanged.
        var select = dialogs.FindComponents<MudSelect<Guid?>>()[index];
        await select.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(value));
    }

    private async Task<(AliasView Alias, DeploymentView Blue, DeploymentView Green, DeploymentView Spill)> SeedTwoTargetsAsync()
    {
        var backends = Data.GetRequiredService<BackendService>();
        var ptu = await backends.CreateAsync(new BackendInput
        {
            Name = "ptu-sweden", BaseUrl = "https://ptu.example", Region = "swedencentral", Tier = BackendTier.Provisioned, ApiKey = "k",
        }, "test", Ct);
        var paygo = await backends.CreateAsync(new BackendInput
        {
            Name = "paygo-east", BaseUrl = "https://paygo.example", Region = "eastus", Tier = BackendTier.Standard, ApiKey = "k",
        }, "test", Ct);
        var deployments = Data.GetRequiredService<DeploymentService>();
        var blue = await deployments.CreateAsync(new DeploymentInput { BackendId = ptu.Id, Name = "blue-chat", Model = "gpt-4o-mini" }, "test", Ct);
        var spill = await deployments.CreateAsync(new DeploymentInput { BackendId = paygo.Id, Name = "spill-chat", Model = "gpt-4o-mini" }, "test", Ct);
        var green = await deployments.CreateAsync(new DeploymentInput { BackendId = paygo.Id, Name = "green-chat", Model = "gpt-4o-mini" }, "test", Ct);
        var alias = await Data.GetRequiredService<AliasService>().CreateAsync(
            new AliasInput { Name = "chat", Targets = [new AliasTargetInput { DeploymentId = blue.Id }, new AliasTargetInput { DeploymentId = spill.Id }] }, "test", Ct);
        return (alias, blue, green, spill);
    }

    /// <summary>Usage of the alias by <paramref name="clients"/> keys in the current hour, as the usage writer rolls it up.</summary>
    private async Task SeedRecentClientsAsync(string aliasName, int clients)
    {
        var hour = DateTimeOffset.UtcNow;
        hour = new DateTimeOffset(hour.Year, hour.Month, hour.Day, hour.Hour, 0, 0, TimeSpan.Zero);
        await using var db = await Data.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        var team = Guid.NewGuid();
        for (var i = 0; i < clients; i++)
        {
            db.UsageHourlyRollups.Add(new UsageHourlyRollup { HourStart = hour, TeamId = team, ApiKeyId = Guid.NewGuid(), AliasName = aliasName, Requests = 3 });
        }

        await db.SaveChangesAsync(Ct);
    }

    private async Task<(AliasView Alias, DeploymentView Blue, DeploymentView Green)> SeedAsync()
    {
        var backend = await Data.GetRequiredService<BackendService>().CreateAsync(new BackendInput
        {
            Name = "paygo-east", BaseUrl = "https://paygo.example", Region = "eastus", Tier = BackendTier.Standard, ApiKey = "k",
        }, "test", Ct);
        var deployments = Data.GetRequiredService<DeploymentService>();
        var blue = await deployments.CreateAsync(new DeploymentInput { BackendId = backend.Id, Name = "blue-chat", Model = "gpt-4o-mini" }, "test", Ct);
        var green = await deployments.CreateAsync(new DeploymentInput { BackendId = backend.Id, Name = "green-chat", Model = "gpt-4o-mini" }, "test", Ct);
        var alias = await Data.GetRequiredService<AliasService>().CreateAsync(
            new AliasInput { Name = "chat", Targets = [new AliasTargetInput { DeploymentId = blue.Id }] }, "test", Ct);
        return (alias, blue, green);
    }
}
