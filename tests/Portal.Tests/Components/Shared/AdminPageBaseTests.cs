using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Backends;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace AiGateway.Portal.Tests.Components.Shared;

public sealed class AdminPageBaseTests : PortalComponentTestBase
{
    private BackendService Backends => Data.GetRequiredService<BackendService>();

    private IEnumerable<Snackbar> Shown => Services.GetRequiredService<ISnackbar>().ShownSnackbars;

    [Fact]
    public async Task RunAsync_RoleGoneSinceThePageOpened_RefusesAndChangesNothing()
    {
        var backend = await AddBackendAsync("aoai-sweden");
        SignInAsAdmin();
        var page = Render<AdminPageProbe>();
        Assert.Equal(1, page.Instance.Loads);
        var ran = false;

        page.Instance.Change = async actor =>
        {
            ran = true;
            await Backends.DeleteAsync(backend.Id, actor, Ct);
        };

        SignInAsMember("member@test.local");
        await page.Find("button").ClickAsync(new());

        Assert.False(ran);
        Assert.Single(await Backends.ListAsync(Ct));
        var refusal = Assert.Single(Shown);
        Assert.Equal((Severity.Error, AdminPageProbe.Refusal), (refusal.Severity, refusal.Message));
        Assert.False(page.Instance.IsAllowed);
        Assert.True(page.Instance.DataCleared);
        Assert.Equal(1, page.Instance.Loads);
        Assert.Equal(AdminPageProbe.Refusal, page.Find("button").TextContent);
    }

    [Fact]
    public async Task RunAsync_ServiceRefuses_ShowsItsMessageAndReloads()
    {
        await AddBackendAsync("aoai-sweden");
        SignInAsAdmin();
        var page = Render<AdminPageProbe>();

        page.Instance.Change = actor => Backends.CreateAsync(new BackendInput { Name = "aoai-sweden", BaseUrl = "https://other.example", ApiKey = "k" }, actor, Ct);

        await page.Find("button").ClickAsync(new());

        var refusal = Assert.Single(Shown);
        Assert.Equal(Severity.Error, refusal.Severity);
        Assert.Contains("aoai-sweden", refusal.Message, StringComparison.Ordinal);
        Assert.Single(await Backends.ListAsync(Ct));
        Assert.Equal(2, page.Instance.Loads);
        Assert.True(page.Instance.IsAllowed);
    }

    [Fact]
    public async Task RunAsync_Succeeds_RunsAsTheAdminShowsSuccessAndReloads()
    {
        var backend = await AddBackendAsync("aoai-sweden");
        SignInAsAdmin("ana@test.local");
        var page = Render<AdminPageProbe>();
        string? actedAs = null;
        page.Instance.Change = async actor =>
        {
            actedAs = actor;
            await Backends.DeleteAsync(backend.Id, actor, Ct);
        };
        page.Instance.Success = "Backend 'aoai-sweden' deleted.";

        await page.Find("button").ClickAsync(new());

        Assert.Equal("ana@test.local", actedAs);
        Assert.Empty(await Backends.ListAsync(Ct));
        var success = Assert.Single(Shown);
        Assert.Equal((Severity.Success, "Backend 'aoai-sweden' deleted."), (success.Severity, success.Message));
        Assert.Equal(2, page.Instance.Loads);
    }

    [Fact]
    public async Task RunAsync_FaultThatIsNoRefusal_IsNotSwallowed()
    {
        SignInAsAdmin();
        var page = Render<AdminPageProbe>();

        page.Instance.Change = _ => throw new InvalidOperationException("The database is gone.");

        await Assert.ThrowsAsync<InvalidOperationException>(() => page.Find("button").ClickAsync(new()));

        Assert.Empty(Shown);
        Assert.Equal(1, page.Instance.Loads);
    }

    private Task<BackendView> AddBackendAsync(string name) =>
        Backends.CreateAsync(new BackendInput { Name = name, BaseUrl = "https://aoai.example", Tier = BackendTier.Standard, ApiKey = "k" }, "test", Ct);
}
