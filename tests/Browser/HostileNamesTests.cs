using AiGateway.Browser.Tests.Infrastructure;
using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace AiGateway.Browser.Tests;

/// <summary>
/// Names that are markup (a team called <c>&lt;img src=x onerror=...&gt;</c>, a key, a backend, an audit actor...)
/// are shown as text on every page, in every tab and dialog that shows them: no script runs, and the Content Security
/// Policy never has to step in, which also proves the policy leaves the portal itself working.
/// </summary>
public sealed class HostileNamesTests(BrowserFixture browser) : BrowserTestBase(browser)
{
    // Runs in every document before the page's own scripts: records what the policy blocked, for the assertions.
    private const string RecordViolations = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
            window.__cspViolations.push(e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') + ' at ' + e.sourceFile + ':' + e.lineNumber));
        """;

    /// <summary>Pages that show nothing a user typed: the sign-in and access-denied pages.</summary>
    private static readonly HashSet<string> PagesWithoutUserData = ["/signin", "/denied"];

    private readonly List<string> _dialogs = [];

    [Fact]
    public async Task EveryPage_ShowsHostileNamesAsText_AndRunsNoScript()
    {
        var data = await HostileData.SeedAsync(Host);
        await Context.AddInitScriptAsync(RecordViolations);
        Page.Dialog += (_, dialog) =>
        {
            _dialogs.Add(dialog.Message);
            _ = dialog.DismissAsync();
        };
        var parameters = new Dictionary<string, string> { ["TeamId"] = data.TeamId.ToString() };

        await SignInAsync(HostileData.UserId, admin: true);
        await Assertions.Expect(Page.GetByTestId("signed-in-user")).ToHaveTextAsync(HostileData.UserId);

        var routes = PortalRoutes.All();
        Assert.Contains(routes, r => r.Template == "/");
        foreach (var route in routes.OrderBy(r => r.Template == "/" ? 0 : 1))
        {
            await Page.GotoAsync(PortalRoutes.Fill(route.Template, parameters));
            if (route.Interactive)
            {
                await WaitForCircuitAsync();
            }

            if (!PagesWithoutUserData.Contains(route.Template))
            {
                await Assertions.Expect(Page.Locator("main, body").First).ToContainTextAsync(HostileData.Marker, new() { UseInnerText = true, Timeout = TimeoutMs });
            }

            await OpenWhatShowsNamesAsync(route.Template, data);
            await AssertNoScriptRanAsync(route.Template);
        }
    }

    /// <summary>The charts, tabs and dialogs of a page that show the seeded names.</summary>
    private async Task OpenWhatShowsNamesAsync(string template, HostileData data)
    {
        switch (template)
        {
            case "/":
                // The bar chart of tokens by team: its axis labels were the stored XSS. Once it is drawn, nothing may
                // have run, and the label shows the name as typed.
                await Page.Locator(".mud-chart-bar").First.WaitForAsync();
                await AssertNoScriptRanAsync(template);
                await Assertions.Expect(Page.Locator(".mud-charts-xaxis text", new() { HasTextString = HostileData.TeamName })).ToHaveCountAsync(1, new() { Timeout = TimeoutMs });
                break;
            case "/usage":
                await Assertions.Expect(Page.GetByTestId("chargeback-table")).ToContainTextAsync(HostileData.TeamName, new() { Timeout = TimeoutMs });
                await Page.Locator(".mud-chart svg").First.WaitForAsync();
                break;
            case "/teams":
                // Disabling (confirmed in a dialog that names the team) and enabling again: the snackbars name it too.
                await Page.GetByTestId($"toggle-team-{HostileData.TeamName}").ClickAsync();
                await Assertions.Expect(Page.GetByTestId("confirm-message")).ToContainTextAsync(HostileData.TeamName);
                await Page.GetByTestId("confirm-ok").ClickAsync();
                await Assertions.Expect(Page.GetByTestId($"team-status-{HostileData.TeamName}")).ToHaveTextAsync("Disabled");
                await Page.GetByTestId($"toggle-team-{HostileData.TeamName}").ClickAsync();
                await Assertions.Expect(Page.GetByTestId($"team-status-{HostileData.TeamName}")).ToHaveTextAsync("Enabled");
                await Assertions.Expect(Page.Locator(".mud-snackbar").Last).ToContainTextAsync(HostileData.TeamName);
                break;
            case "/requests":
                await Page.GetByTestId("requests-team").ClickAsync();
                await Assertions.Expect(Page.Locator(".mud-popover-open")).ToContainTextAsync(HostileData.TeamName);
                await Page.Keyboard.PressAsync("Escape");
                break;
            case "/teams/{TeamId:guid}":
                await Assertions.Expect(Page.GetByTestId("team-heading")).ToHaveTextAsync(HostileData.TeamName);
                foreach (var (tab, shown) in new[] { ("Members", HostileData.Named("display name")), ("Quotas", "The whole team"), ("Keys", HostileData.Named("key")) })
                {
                    await Page.GetByRole(AriaRole.Tab, new() { Name = tab }).ClickAsync();
                    await Assertions.Expect(Page.Locator(".mud-tabs-panels")).ToContainTextAsync(shown);
                }

                await Page.GetByTestId("edit-team").ClickAsync();
                var dialog = Page.GetByRole(AriaRole.Dialog);
                await Assertions.Expect(dialog.GetByRole(AriaRole.Heading)).ToContainTextAsync(HostileData.TeamName);
                await Assertions.Expect(dialog.GetByRole(AriaRole.Textbox, new() { Name = "Description" })).ToHaveValueAsync(HostileData.Named("description"));
                await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
                break;
            case "/aliases":
                await Page.Locator("[data-testid=alias-row][data-alias=hostile-alias]").GetByTestId("edit-alias").ClickAsync();
                var deployment = Page.Locator(".mud-dialog").GetByRole(AriaRole.Combobox, new() { Name = "Deployment" });
                await Assertions.Expect(deployment).ToHaveValueAsync(new Regex(Regex.Escape(HostileData.Named("blue"))));
                // The list of deployments to choose from is a popover of its own.
                await deployment.ClickAsync();
                await Assertions.Expect(Page.Locator(".mud-popover-open")).ToContainTextAsync(HostileData.Named("green"));
                await Page.Keyboard.PressAsync("Escape");
                await Page.Locator(".mud-dialog").GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
                break;
            case "/rollouts":
                await Assertions.Expect(Page.GetByTestId("rollout-card")).ToContainTextAsync(HostileData.Named("green"));
                await Assertions.Expect(Page.Locator("body")).ToContainTextAsync(HostileData.Named("rollout note"));
                await Page.GetByTestId("new-rollout").ClickAsync();
                await Page.GetByTestId("rollout-wizard").WaitForAsync();
                await Page.Keyboard.PressAsync("Escape");
                break;
            case "/audit":
                await Assertions.Expect(Page.Locator("body")).ToContainTextAsync(HostileData.UserId);
                break;
        }
    }

    private async Task AssertNoScriptRanAsync(string template)
    {
        var xss = await Page.EvaluateAsync<string>("() => typeof window.__xss");
        var violations = await Page.EvaluateAsync<string[]>("() => window.__cspViolations || []");
        await ScreenshotAsync("hostile" + template.Replace('/', '-').Replace('{', '_').Replace('}', '_').Replace(':', '_'));

        Assert.True(xss == "undefined", $"Script from a hostile name ran on {template}.");
        Assert.True(_dialogs.Count == 0, $"A dialog opened on {template}: {string.Join(", ", _dialogs)}");
        Assert.True(violations.Length == 0, $"The Content Security Policy blocked something on {template}: {string.Join("; ", violations)}");
    }
}
