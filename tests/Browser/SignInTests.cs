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

        await Page.GotoAsync("/backends");

        // Refused by the server's authorisation (not merely hidden in the menu): the request for the page is
        // answered with the access-denied page, and the page's content never reaches the browser.
        Assert.Contains("/denied", Page.Url, StringComparison.Ordinal);
        await Assertions.Expect(Page.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Assertions.Expect(Page.GetByTestId("backends-table")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.GetByRole(AriaRole.Link, new() { Name = "Backends and deployments" })).ToHaveCountAsync(0);
    }
}
