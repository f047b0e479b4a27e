using Microsoft.Playwright;

namespace AiGateway.Browser.Tests.Infrastructure;

/// <summary>A demo host and a fresh browser page per test, with helpers to sign in and to wait for the live circuit.</summary>
public abstract class BrowserTestBase(BrowserFixture browser) : IAsyncLifetime
{
    /// <summary>Generous for a 2-core CI machine; a wait that passes returns as soon as its condition holds.</summary>
    protected const float TimeoutMs = 20_000;

    protected PortalHost Host { get; } = new();
    protected IBrowserContext Context { get; private set; } = null!;
    protected IPage Page { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = Host.BaseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1366, Height = 860 },
        });
        Context.SetDefaultTimeout(TimeoutMs);
        Page = await Context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
        await Host.DisposeAsync();
        GC.SuppressFinalize(this);
    }

    /// <summary>Signs in through the development sign-in page, as a person would, and waits for the live page.</summary>
    protected async Task SignInAsync(string userId, bool admin, string returnUrl = "/")
    {
        await Page.GotoAsync($"/signin?returnUrl={Uri.EscapeDataString(returnUrl)}");
        await Page.FillAsync("#userId", userId);
        await Page.CheckAsync(admin ? "input[value=Admin]" : "input[value=TeamMember]");
        await Page.ClickAsync("[data-testid=dev-signin] button[type=submit]");
        await WaitForCircuitAsync();
    }

    /// <summary>Waits until the page's Blazor circuit is live: a click before that would be lost.</summary>
    protected Task WaitForCircuitAsync() =>
        Page.Locator("[data-testid=interactive]").WaitForAsync(new LocatorWaitForOptions { State = WaitForSelectorState.Attached });

    /// <summary>Saves a full-page screenshot as a test artifact (not committed).</summary>
    protected Task ScreenshotAsync(string name) =>
        Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsPath, name + ".png"), FullPage = true });
}
