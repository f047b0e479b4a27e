using AiGateway.Gateway.Backends;
using AiGateway.Portal.Components.Pages.Backends;
using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Backends;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AiGateway.Portal.Tests.Components.Backends;

public sealed class BackendsPageTests : PortalComponentTestBase, IAsyncLifetime
{
    private const string BackendKey = "backend-secret-key-0123456789";
    private ServiceProvider? _testers;
    private SimulatorHost? _simulator;

    private BackendService Backends => Data.GetRequiredService<BackendService>();

    private DeploymentService Deployments => Data.GetRequiredService<DeploymentService>();

    public BackendsPageTests()
    {
        // Resolved when the page first renders, by which time a test has chosen its simulator (or none).
        Services.AddSingleton(_ => _testers!.GetRequiredService<BackendConnectionTester>());
    }

    public new async ValueTask DisposeAsync()
    {
        if (_testers is not null)
        {
            await _testers.DisposeAsync();
        }

        if (_simulator is not null)
        {
            await _simulator.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    [Fact]
    public async Task Page_Admin_ListsBackendsWithTheirDeploymentsAndNeverTheKey()
    {
        var backend = await AddBackendAsync("aoai-sweden", BackendTier.Provisioned);
        await AddDeploymentAsync(backend, "gpt-4o-mini-ptu", tpm: 30_000);
        SignInAsAdmin();

        var page = RenderPage();

        var row = page.WaitForElement("[data-testid=backend-row][data-backend=aoai-sweden]");
        Assert.Contains("Provisioned", row.TextContent, StringComparison.Ordinal);
        Assert.Contains("swedencentral", row.TextContent, StringComparison.Ordinal);
        var deployment = page.Find("[data-testid=deployment-row][data-deployment=gpt-4o-mini-ptu]");
        Assert.Contains("30,000", deployment.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain(BackendKey, page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void AddBackend_EmptyForm_ShowsTheServicesErrorUnderEachField()
    {
        SignInAsAdmin();
        var dialogs = Render<MudDialogProvider>();
        var page = RenderPage();

        page.WaitForElement("[data-testid=add-backend]").Click();
        dialogs.WaitForElement("[data-testid=backend-save]").Click();

        dialogs.WaitForAssertion(() =>
        {
            Assert.Contains("'name' is required.", FieldText(dialogs, "backend-name"), StringComparison.Ordinal);
            Assert.Contains("'baseUrl' is required.", FieldText(dialogs, "backend-base-url"), StringComparison.Ordinal);
            Assert.Contains("'apiKey' is required", FieldText(dialogs, "backend-api-key"), StringComparison.Ordinal);
        });
        Assert.Empty(page.FindAll("[data-testid=backend-row]"));
    }

    [Fact]
    public async Task AddBackend_ValidForm_SavesItAndNeverRendersTheKeyBack()
    {
        SignInAsAdmin("ana@contoso.com");
        var dialogs = Render<MudDialogProvider>();
        var page = RenderPage();

        page.WaitForElement("[data-testid=add-backend]").Click();
        Input(dialogs, "backend-name", "aoai-east");
        Input(dialogs, "backend-base-url", "https://contoso-east.openai.azure.com");
        Input(dialogs, "backend-region", "eastus");
        Input(dialogs, "backend-api-key", BackendKey);
        dialogs.Find("[data-testid=backend-save]").Click();

        page.WaitForElement("[data-testid=backend-row][data-backend=aoai-east]");
        var saved = Assert.Single(await Backends.ListAsync(Ct));
        Assert.True(saved.HasApiKey);
        Assert.Equal("eastus", saved.Region);
        Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => (s.Message ?? "").Contains("aoai-east", StringComparison.Ordinal));

        // Editing shows a blank key field, and saving it blank keeps the stored key.
        page.Find("[data-testid=edit-backend]").Click();
        var keyInput = dialogs.WaitForElement("[data-testid=backend-api-key] input, input[data-testid=backend-api-key]");
        Assert.True(string.IsNullOrEmpty(keyInput.GetAttribute("value")));
        Assert.DoesNotContain(BackendKey, dialogs.Markup + page.Markup, StringComparison.Ordinal);
        Input(dialogs, "backend-region", "eastus2");
        dialogs.Find("[data-testid=backend-save]").Click();
        await WaitUntilAsync(async () => (await Backends.GetAsync(saved.Id, Ct)).Region == "eastus2");
        Assert.True((await Backends.GetAsync(saved.Id, Ct)).HasApiKey);
    }

    [Fact]
    public async Task AddDeployment_InvalidCapacity_NamesTheFieldThenSavesWhenFixed()
    {
        var backend = await AddBackendAsync("aoai-sweden", BackendTier.Standard);
        SignInAsAdmin();
        var dialogs = Render<MudDialogProvider>();
        var page = RenderPage();

        page.WaitForElement("[data-testid=add-deployment]").Click();
        Input(dialogs, "deployment-name", "gpt-4o");
        Input(dialogs, "deployment-model", "gpt-4o");
        Input(dialogs, "deployment-tpm", "-5");
        dialogs.Find("[data-testid=deployment-save]").Click();

        dialogs.WaitForAssertion(() => Assert.Contains("'capacityTokensPerMinute' must be greater than zero", FieldText(dialogs, "deployment-tpm"), StringComparison.Ordinal));
        Assert.Empty(await Deployments.ListAsync(backend.Id, Ct));

        Input(dialogs, "deployment-tpm", "50000");
        Input(dialogs, "deployment-input-price", "0.0025");
        dialogs.Find("[data-testid=deployment-save]").Click();

        page.WaitForElement("[data-testid=deployment-row][data-deployment=gpt-4o]");
        var saved = Assert.Single(await Deployments.ListAsync(backend.Id, Ct));
        Assert.Equal(50_000, saved.CapacityTokensPerMinute);
        Assert.Equal(0.0025m, saved.CurrentPrice?.InputPer1K);
    }

    [Fact]
    public async Task DeleteBackend_AsksFirst_CancelKeepsItAndConfirmRemovesIt()
    {
        await AddBackendAsync("aoai-old", BackendTier.Standard);
        SignInAsAdmin();
        var dialogs = Render<MudDialogProvider>();
        var page = RenderPage();

        page.WaitForElement("[data-testid=delete-backend]").Click();
        dialogs.WaitForElement("[data-testid=confirm-cancel]").Click();
        dialogs.WaitForAssertion(() => Assert.Empty(dialogs.FindAll("[data-testid=confirm-ok]")));
        Assert.Single(await Backends.ListAsync(Ct));

        page.Find("[data-testid=delete-backend]").Click();
        Assert.Contains("aoai-old", dialogs.WaitForElement("[data-testid=confirm-message]").TextContent, StringComparison.Ordinal);
        dialogs.Find("[data-testid=confirm-ok]").Click();

        page.WaitForElement("[data-testid=no-backends]");
        Assert.Empty(await Backends.ListAsync(Ct));
    }

    [Fact]
    public async Task DisableDeployment_AsksFirst_ThenDisablesIt()
    {
        var backend = await AddBackendAsync("aoai-sweden", BackendTier.Standard);
        var deployment = await AddDeploymentAsync(backend, "gpt-4o-mini");
        SignInAsAdmin();
        var dialogs = Render<MudDialogProvider>();
        var page = RenderPage();

        page.WaitForElement("[data-testid=toggle-deployment]").Click();
        Assert.Contains("gpt-4o-mini", dialogs.WaitForElement("[data-testid=confirm-message]").TextContent, StringComparison.Ordinal);
        Assert.True((await Deployments.GetAsync(deployment.Id, Ct)).Enabled);
        dialogs.Find("[data-testid=confirm-ok]").Click();

        await WaitUntilAsync(async () => !(await Deployments.GetAsync(deployment.Id, Ct)).Enabled);
        page.WaitForAssertion(() => Assert.Contains("Disabled", page.Find("[data-testid=deployment-row] [data-testid=enabled-chip]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task TestConnection_SelfBackendOnTheSimulator_ShowsSuccessAndLatency()
    {
        _simulator = await SimulatorHost.StartAsync();
        _testers = ConnectionTesters.Create(Data, _simulator.Server);
        var backend = await Backends.CreateAsync(new BackendInput
        {
            Name = "sim", BaseUrl = BackendService.SelfUrlPrefix + SimulatorHost.Prefix, ApiKey = SimulatorHost.ApiKey,
        }, "test", Ct);
        await AddDeploymentAsync(backend, SimulatorHost.ChatDeployment);
        SignInAsAdmin();
        var page = RenderPage();

        page.WaitForElement("[data-testid=test-connection]").Click();

        var result = page.WaitForElement("[data-testid=test-result]", TimeSpan.FromSeconds(20));
        Assert.Equal("true", result.GetAttribute("data-succeeded"));
        Assert.Matches(@"OK · \d+ ms", result.TextContent);
        Assert.Empty(page.FindAll("[data-testid=test-progress]"));
    }

    [Fact]
    public async Task Page_TeamMember_GetsNoDataAndNoActions()
    {
        await AddDeploymentAsync(await AddBackendAsync("aoai-sweden", BackendTier.Standard), "gpt-4o-mini");
        SignInAsMember("member@test.local");

        var page = RenderPage();

        page.WaitForElement("[data-testid=admin-only]");
        Assert.Empty(page.FindAll("[data-testid=backend-row]"));
        Assert.Empty(page.FindAll("[data-testid=add-backend]"));
        Assert.DoesNotContain("aoai-sweden", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteBackend_RoleGoneSinceThePageLoaded_ServerRefuses()
    {
        await AddBackendAsync("aoai-sweden", BackendTier.Standard);
        SignInAsAdmin();
        var dialogs = Render<MudDialogProvider>();
        var page = RenderPage();
        var delete = page.WaitForElement("[data-testid=delete-backend]");

        SignInAsMember("member@test.local");
        delete.Click();

        page.WaitForElement("[data-testid=admin-only]");
        Assert.Empty(dialogs.FindAll("[data-testid=confirm-ok]"));
        Assert.Single(await Backends.ListAsync(Ct));
        Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars, s => s.Severity == Severity.Error);
    }

    private IRenderedComponent<BackendsPage> RenderPage()
    {
        _testers ??= ConnectionTesters.Create(Data);
        return Render<BackendsPage>();
    }

    private async Task<BackendView> AddBackendAsync(string name, BackendTier tier) =>
        await Backends.CreateAsync(new BackendInput
        {
            Name = name, BaseUrl = $"https://{name}.openai.azure.com", Region = "swedencentral", Tier = tier, ApiKey = BackendKey,
        }, "test", Ct);

    private async Task<DeploymentView> AddDeploymentAsync(BackendView backend, string name, int? tpm = null) =>
        await Deployments.CreateAsync(new DeploymentInput { BackendId = backend.Id, Name = name, Model = "gpt-4o-mini", CapacityTokensPerMinute = tpm }, "test", Ct);

    internal static void Input(IRenderedComponent<MudDialogProvider> dialogs, string testId, string value) =>
        dialogs.Find($"[data-testid={testId}] input, input[data-testid={testId}]").Change(value);

    /// <summary>The text around one form field: its label, helper and error lines.</summary>
    internal static string FieldText(IRenderedComponent<MudDialogProvider> dialogs, string testId)
    {
        var input = dialogs.Find($"[data-testid={testId}] input, input[data-testid={testId}]");
        return input.Closest(".mud-input-control")?.TextContent ?? "";
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The condition did not become true within 10 seconds.");
            await Task.Delay(20, Ct);
        }
    }
}
