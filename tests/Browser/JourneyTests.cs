using System.ClientModel;
using AiGateway.Browser.Tests.Infrastructure;
using AiGateway.Shared.Services.Teams;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenAI.Chat;

namespace AiGateway.Browser.Tests;

/// <summary>The journeys the portal exists for, in a real Chromium against the demo, each step as a person takes it.</summary>
public sealed class JourneyTests(BrowserFixture browser) : BrowserTestBase(browser)
{
    [Fact]
    public async Task Admin_OnboardsATeam_IssuesAKey_CallsTheGateway_AndSeesTheCallLive()
    {
        await SignInAsync("admin@demo.local", admin: true, returnUrl: "/teams");

        await Page.GetByTestId("onboard-team").ClickAsync();
        await Page.GetByTestId("team-name").FillAsync("Contoso Retail");
        await Page.GetByTestId("team-owners").FillAsync("ana@contoso.com");
        await Page.GetByTestId("team-submit").ClickAsync();
        await Page.GetByTestId("team-link-Contoso Retail").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("team-heading")).ToContainTextAsync("Contoso Retail");

        await Page.GetByTestId("issue-key").ClickAsync();
        await Page.GetByTestId("key-name").FillAsync("checkout");
        await Page.GetByTestId("issue-key-submit").ClickAsync();
        var secret = (await Page.GetByTestId("key-secret").InnerTextAsync()).Trim();
        await ScreenshotAsync("key-issued");
        await Page.GetByTestId("secret-done").ClickAsync();
        await Assertions.Expect(Page.GetByTestId("key-secret")).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await Page.ContentAsync(), StringComparison.Ordinal);

        await GatewayCalls.WaitForCurrentConfigurationAsync(Host);
        ChatCompletion completion = await GatewayCalls.Chat(Host, secret).CompleteChatAsync([new UserChatMessage("Hello from the browser test")], new ChatCompletionOptions { MaxOutputTokenCount = 5 });
        Assert.Equal(5, completion.Usage.OutputTokenCount);

        // The dashboard shows the call by itself, without a reload.
        await Page.GotoAsync("/");
        await WaitForCircuitAsync();
        var row = Page.Locator("[data-testid=team-row][data-team='Contoso Retail']");
        await Assertions.Expect(row.GetByTestId("team-requests")).ToHaveTextAsync("1", new() { Timeout = TimeoutMs });
        await ScreenshotAsync("dashboard-live");

        await Page.GotoAsync("/usage");
        await WaitForCircuitAsync();
        await Assertions.Expect(Page.GetByTestId("chargeback-table")).ToContainTextAsync("Contoso Retail", new() { Timeout = TimeoutMs });
        await ScreenshotAsync("usage");

        foreach (var page in new[] { "backends", "aliases", "audit", "throttling", "requests" })
        {
            await Page.GotoAsync("/" + page);
            await WaitForCircuitAsync();
            await ScreenshotAsync(page);
        }
    }

    [Fact]
    public async Task TeamMember_RotatesTheirKey_ButCannotOpenAnotherTeam()
    {
        var other = await Host.Services.GetRequiredService<TeamService>().CreateAsync(new TeamInput { Name = "Fabrikam Secret Project" }, "test");
        var demoPrefix = PortalHost.DemoKey[..16];
        await SignInAsync("member@demo.local", admin: false, returnUrl: "/teams");

        await Assertions.Expect(Page.GetByTestId("team-link-Demo Team")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("team-link-Fabrikam Secret Project")).ToHaveCountAsync(0);
        await Page.GetByTestId("team-link-Demo Team").ClickAsync();
        await Page.GetByTestId($"rotate-key-{demoPrefix}").ClickAsync();
        await Page.GetByTestId("rotate-key-submit").ClickAsync();
        var rotated = (await Page.GetByTestId("key-secret").InnerTextAsync()).Trim();
        Assert.NotEqual(PortalHost.DemoKey, rotated);
        await Page.GetByTestId("secret-done").ClickAsync();

        await GatewayCalls.WaitForCurrentConfigurationAsync(Host);
        ChatCompletion completion = await GatewayCalls.Chat(Host, rotated).CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = 2 });
        Assert.NotNull(completion);

        // Typing another team's address: the server refuses to load it, so none of its data reaches the page.
        await Page.GotoAsync($"/teams/{other.Id}");
        await WaitForCircuitAsync();
        await Assertions.Expect(Page.GetByTestId("team-access-denied")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByText("Fabrikam Secret Project")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.GetByTestId("keys-table")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task RevokedKey_StopsWorking()
    {
        var demoPrefix = PortalHost.DemoKey[..16];
        await GatewayCalls.WaitForCurrentConfigurationAsync(Host);
        await GatewayCalls.Chat(Host, PortalHost.DemoKey).CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = 2 });
        await SignInAsync("admin@demo.local", admin: true, returnUrl: "/teams");

        await Page.GetByTestId("team-link-Demo Team").ClickAsync();
        await Page.GetByTestId($"revoke-key-{demoPrefix}").ClickAsync();
        await Page.GetByTestId("confirm-ok").ClickAsync();
        await Assertions.Expect(Page.GetByTestId($"key-status-{demoPrefix}")).ToHaveTextAsync("Revoked");

        await GatewayCalls.WaitForCurrentConfigurationAsync(Host);
        var refused = await Assert.ThrowsAsync<ClientResultException>(() =>
            GatewayCalls.Chat(Host, PortalHost.DemoKey).CompleteChatAsync([new UserChatMessage("hi")], new ChatCompletionOptions { MaxOutputTokenCount = 2 }));
        Assert.Equal(401, refused.Status);
    }
}
