using AiGateway.Browser.Tests.Infrastructure;
using AiGateway.Portal.Demo;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Backends;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenAI.Chat;

namespace AiGateway.Browser.Tests;

/// <summary>An admin runs a model rollout from the portal against the demo's simulated backends.</summary>
public sealed class RolloutJourneyTests(BrowserFixture browser) : BrowserTestBase(browser)
{
    [Fact]
    public async Task Admin_RunsACanaryFromTheWizard_WatchesItLive_AndSeesItPromote()
    {
        await SignInAsync("admin@demo.local", admin: true, returnUrl: "/rollouts");
        await Assertions.Expect(Page.GetByTestId("no-active-rollouts")).ToBeVisibleAsync();

        await Page.GetByTestId("new-rollout").ClickAsync();
        await ChooseAsync("rollout-alias", DemoSeeder.ChatAlias);
        await ChooseAsync("rollout-green", DemoSeeder.NextChatDeployment);
        // The demo's alias has two targets of green's model: the wizard asks which one green replaces.
        await ChooseAsync("rollout-from", DemoSeeder.ProvisionedChatDeployment);
        await Assertions.Expect(Page.GetByTestId("rollout-shape-after")).ToContainTextAsync(DemoSeeder.StandardChatDeployment);
        // One demo key is one client: per client it would be all on one side; per request green gets its share.
        await Page.GetByTestId("assignment-perrequest").ClickAsync();
        await Field("rollout-steps").FillAsync("50, 100");
        await Field("rollout-hold").FillAsync("2");
        await Field("rollout-min-samples").FillAsync("3");
        await Page.GetByTestId("rollout-create").ClickAsync();

        var card = Page.Locator($"[data-testid=rollout-card][data-alias='{DemoSeeder.ChatAlias}']");
        await Assertions.Expect(card).ToBeVisibleAsync();
        await Assertions.Expect(card.GetByTestId("rollout-compare")).ToBeVisibleAsync();
        await ScreenshotAsync("rollout-live");

        // Traffic while it runs, until the guards have judged every step: clients keep getting answers whichever
        // side serves them.
        await GatewayCalls.WaitForCurrentConfigurationAsync(Host);
        var promoted = Page.Locator($"[data-testid=rollout-history-row][data-alias='{DemoSeeder.ChatAlias}'][data-state=Promoted]");
        var chat = GatewayCalls.Chat(Host, PortalHost.DemoKey);
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (await promoted.CountAsync() == 0 && DateTimeOffset.UtcNow < deadline)
        {
            ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = 2 });
            Assert.NotNull(completion);
        }

        await Assertions.Expect(promoted).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(card).ToHaveCountAsync(0);
        await promoted.Locator(".mud-expand-panel-header").ClickAsync();
        await Assertions.Expect(promoted.GetByTestId("rollout-events")).ToBeVisibleAsync();
        await Assertions.Expect(promoted.GetByTestId("rollout-events")).ToContainTextAsync("Promoted");
        await Assertions.Expect(promoted).ToContainTextAsync(DemoSeeder.ProvisionedChatDeployment);
        await ScreenshotAsync("rollout-promoted");

        await AssertNextReplacedTheProvisionedTargetAsync();
    }

    [Fact]
    public async Task Admin_RunsABlueGreenWithShadowTrafficToAFaultyModel_AndSeesItRolledBackByItself()
    {
        await SignInAsync("admin@demo.local", admin: true, returnUrl: "/rollouts");

        await Page.GetByTestId("new-rollout").ClickAsync();
        await ChooseAsync("rollout-alias", DemoSeeder.ChatAlias);
        await ChooseAsync("rollout-green", DemoSeeder.FaultyChatDeployment);
        await ChooseAsync("rollout-from", DemoSeeder.ProvisionedChatDeployment);
        await Page.GetByTestId("strategy-bluegreen").ClickAsync();
        await Assertions.Expect(Field("rollout-steps")).ToHaveValueAsync("10");
        await Field("rollout-steps").FillAsync("0");
        await Field("rollout-hold").FillAsync("600");
        await Field("rollout-shadow").FillAsync("100");
        await Field("rollout-min-samples").FillAsync("10");
        await Page.GetByTestId("rollout-create").ClickAsync();
        var card = Page.Locator($"[data-testid=rollout-card][data-alias='{DemoSeeder.ChatAlias}']");
        await Assertions.Expect(card.GetByTestId("rollout-shadow")).ToBeVisibleAsync();

        // Clients stay on blue and get their answers; green, failing 30 % of calls, sees only the shadow copies.
        await GatewayCalls.WaitForCurrentConfigurationAsync(Host);
        var chat = GatewayCalls.Chat(Host, PortalHost.DemoKey);
        for (var i = 0; i < 20; i++)
        {
            ChatCompletion completion = await chat.CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = 2 });
            Assert.NotNull(completion);
        }

        var rolledBack = Page.Locator($"[data-testid=rollout-history-row][data-alias='{DemoSeeder.ChatAlias}'][data-state=RolledBack]");
        await Assertions.Expect(rolledBack).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await rolledBack.Locator(".mud-expand-panel-header").ClickAsync();
        await Assertions.Expect(rolledBack.GetByTestId("rollout-events")).ToBeVisibleAsync();
        await Assertions.Expect(rolledBack.GetByTestId("rollout-events")).ToContainTextAsync("5xx error rate");
        await ScreenshotAsync("rollout-rolled-back");

        var alias = (await Host.Services.GetRequiredService<AliasService>().ListAsync()).Single(a => a.Name == DemoSeeder.ChatAlias);
        Assert.Equal(2, alias.Targets.Count);
    }

    [Fact]
    public async Task Admin_RunsABlueGreenFromTheWizard_AndTheWholeAliasSwitchesAtOnce()
    {
        await SignInAsync("admin@demo.local", admin: true, returnUrl: "/rollouts");

        await Page.GetByTestId("new-rollout").ClickAsync();
        await ChooseAsync("rollout-alias", DemoSeeder.ChatAlias);
        await ChooseAsync("rollout-green", DemoSeeder.NextChatDeployment);
        await ChooseAsync("rollout-from", DemoSeeder.ProvisionedChatDeployment);
        await Page.GetByTestId("strategy-bluegreen").ClickAsync();
        // The switch re-renders the field with blue-green's default; filling before that lands would be overwritten.
        await Assertions.Expect(Field("rollout-steps")).ToHaveValueAsync("10");
        await Field("rollout-steps").FillAsync("0");
        await Field("rollout-hold").FillAsync("2");
        // Nobody opts in as a tester here, so green never gets samples: the switch on time alone has to be allowed.
        await Page.GetByTestId("rollout-advance-unjudged").ClickAsync();
        await Page.GetByTestId("rollout-create").ClickAsync();

        var promoted = Page.Locator($"[data-testid=rollout-history-row][data-alias='{DemoSeeder.ChatAlias}'][data-state=Promoted]");
        await Assertions.Expect(promoted).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(promoted).ToContainTextAsync("Blue-green");
        await promoted.Locator(".mud-expand-panel-header").ClickAsync();
        await Assertions.Expect(promoted.GetByTestId("rollout-events")).ToContainTextAsync("advanced unjudged");
        await AssertNextReplacedTheProvisionedTargetAsync();
    }

    /// <summary>Green took the provisioned target's place; the pay-as-you-go target the alias spills over to stays.</summary>
    private async Task AssertNextReplacedTheProvisionedTargetAsync()
    {
        var alias = (await Host.Services.GetRequiredService<AliasService>().ListAsync()).Single(a => a.Name == DemoSeeder.ChatAlias);
        var deployments = await Host.Services.GetRequiredService<DeploymentService>().ListAsync();
        var next = deployments.Single(d => d.Name == DemoSeeder.NextChatDeployment);
        var paygo = deployments.Single(d => d.Name == DemoSeeder.StandardChatDeployment);
        Assert.Equal(new HashSet<Guid> { next.Id, paygo.Id }, alias.Targets.Select(t => t.DeploymentId).ToHashSet());
        Assert.Equal(0, alias.Targets.Single(t => t.DeploymentId == next.Id).PriorityTier);
    }

    private ILocator Field(string testId) => Page.Locator($"[data-testid={testId}] input, input[data-testid={testId}]").First;

    /// <summary>Opens a MudSelect and clicks the option whose text starts with <paramref name="option"/>.</summary>
    private async Task ChooseAsync(string testId, string option)
    {
        await Page.Locator($"[data-testid={testId}]").First.ClickAsync();
        var item = Page.Locator(".mud-popover-open .mud-list-item").Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex("^\\s*" + System.Text.RegularExpressions.Regex.Escape(option) + "(\\s|$)") });
        await item.First.ClickAsync();
        await Assertions.Expect(Page.Locator(".mud-popover-open .mud-list-item")).ToHaveCountAsync(0);
    }
}
