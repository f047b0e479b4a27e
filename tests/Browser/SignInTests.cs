using AiGateway.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

namespace AiGateway.Browser.Tests;

/// <summary>Signing in and what each role may open, in a real Chromium against the demo.</summary>
public sealed class SignInTests(BrowserFixture browser) : BrowserTestBase(browser)
{
    [Fact]
    public async Task AnonymousVisitor_IsSentToSignIn_AndComesBackAfterSigningIn()
    {
        await Page.GotoAsync("/");
        Assert.Contains("/signin", Page.Url, StringComparison.Ordinal);
        await ScreenshotAsync("signin");

        await SignInAsync("admin@demo.local", admin: true);

        await Assertions.Expect(Page.GetByTestId("signed-in-user")).ToHaveTextAsync("admin@demo.local");
        await ScreenshotAsync("dashboard");
    }

    [Fact]
    public async Task TeamMember_OpeningAnAdminPage_IsRefusedByTheServer()
    {
        await SignInAsync("member@demo.local", admin: false);

        var response = await Page.GotoAsync("/backends");

        // Refused by the server's authorisation (not merely hidden in the menu): the page's content never renders.
        Assert.NotNull(response);
        await Assertions.Expect(Page.GetByText("You are not allowed to open this page.")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Backends and deployments" })).ToHaveCountAsync(0);
    }
}
