using AiGateway.Browser.Tests.Infrastructure;
using Microsoft.Playwright;

[assembly: AssemblyFixture(typeof(BrowserFixture))]

namespace AiGateway.Browser.Tests.Infrastructure;

/// <summary>
/// One headless Chromium for the whole run: Debian's own build (installed by test.sh), driven by Playwright, with
/// no browser download. Each test gets a fresh context (cookies and storage of its own).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: <c>BROWSER_ARTIFACTS</c>, or a folder beside the test binaries. Never committed.</summary>
    public static string ArtifactsPath { get; } = Environment.GetEnvironmentVariable("BROWSER_ARTIFACTS")
        ?? Path.Combine(AppContext.BaseDirectory, "artifacts");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"{ChromiumPath} is missing: run ./test.sh, which installs Debian's chromium.");
        }

        Directory.CreateDirectory(ArtifactsPath);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
