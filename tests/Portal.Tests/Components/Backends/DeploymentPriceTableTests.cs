using System.Globalization;
using AiGateway.Portal.Components.Pages.Backends;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Backends;
using AiGateway.Shared.Services.Pricing;
using Bunit;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Portal.Tests.Components.Backends;

/// <summary>The price table in the deployment dialog: versions in force and scheduled, and an admin's changes to it.</summary>
public sealed class DeploymentPriceTableTests : PortalComponentTestBase
{
    private DeploymentPriceService Prices => Data.GetRequiredService<DeploymentPriceService>();

    [Fact]
    public async Task Table_Admin_ShowsEachVersionsStateAndPrices_RemovesAScheduledOne_AndSchedulesANewOne()
    {
        var deployment = await CreateDeploymentAsync();
        var scheduled = await Prices.AddAsync(deployment.Id, new DeploymentPriceInput
        {
            EffectiveFrom = DateTimeOffset.UtcNow.AddDays(2), InputPer1K = 0.0003m, CachedInputPer1K = 0.00015m, OutputPer1K = 0.0012m,
        }, "test", Ct);
        SignInAsAdmin();

        var table = Render<DeploymentPriceTable>(p => p.Add(t => t.DeploymentId, deployment.Id));

        table.WaitForAssertion(() => Assert.Equal(2, table.FindAll("[data-testid=price-row]").Count));
        var rows = table.FindAll("[data-testid=price-row]");
        Assert.Equal(["scheduled", "in force"], rows.Select(r => r.QuerySelector("[data-testid=price-state]")!.TextContent.Trim()));
        Assert.Contains("0.00015", rows[0].TextContent, StringComparison.Ordinal);
        // The version in force prices recorded usage: it offers no remove button.
        Assert.Single(table.FindAll("[data-testid=price-remove]"));

        table.Find("[data-testid=price-remove]").Click();
        table.WaitForAssertion(() => Assert.Single(table.FindAll("[data-testid=price-row]")));
        Assert.DoesNotContain(await Prices.ListAsync(deployment.Id, Ct), p => p.Id == scheduled.Id);

        var from = DateTimeOffset.UtcNow.AddDays(7).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        Input(table, "price-from", from);
        Input(table, "price-input", "0.0004");
        Input(table, "price-output", "0.0016");
        table.Find("[data-testid=price-add]").Click();

        table.WaitForAssertion(() => Assert.Equal(2, table.FindAll("[data-testid=price-row]").Count));
        var added = (await Prices.ListAsync(deployment.Id, Ct))[0];
        Assert.Equal((PriceVersionState.Scheduled, 0.0004m, 0.0016m), (added.State, added.InputPer1K, added.OutputPer1K));
    }

    [Fact]
    public async Task Table_PastStart_ShowsWhyAndSavesNothing()
    {
        var deployment = await CreateDeploymentAsync();
        SignInAsAdmin();
        var table = Render<DeploymentPriceTable>(p => p.Add(t => t.DeploymentId, deployment.Id));
        table.WaitForElement("[data-testid=price-row]");

        Input(table, "price-from", "2020-01-01 00:00");
        table.Find("[data-testid=price-add]").Click();

        table.WaitForAssertion(() => Assert.Contains("must not be in the past", table.Markup, StringComparison.Ordinal));
        Assert.Single(await Prices.ListAsync(deployment.Id, Ct));
    }

    [Fact]
    public async Task Table_Member_SeesPricesButNoChanges()
    {
        var deployment = await CreateDeploymentAsync();
        SignInAsMember("ana@contoso.com");

        var table = Render<DeploymentPriceTable>(p => p.Add(t => t.DeploymentId, deployment.Id));

        table.WaitForElement("[data-testid=price-row]");
        Assert.Empty(table.FindAll("[data-testid=price-add]"));
        Assert.Empty(table.FindAll("[data-testid=price-remove]"));
    }

    private static void Input(IRenderedComponent<DeploymentPriceTable> table, string testId, string value) =>
        table.Find($"[data-testid={testId}] input, input[data-testid={testId}]").Change(value);

    private async Task<DeploymentView> CreateDeploymentAsync()
    {
        var backend = await Data.GetRequiredService<BackendService>().CreateAsync(new BackendInput
        {
            Name = "aoai-sweden", BaseUrl = "https://aoai-sweden.openai.azure.com", Region = "swedencentral", Tier = BackendTier.Standard, ApiKey = "backend-secret-key-0123456789",
        }, "test", Ct);
        return await Data.GetRequiredService<DeploymentService>().CreateAsync(new DeploymentInput
        {
            BackendId = backend.Id, Name = "gpt-4o-mini", Model = "gpt-4o-mini", Price = new DeploymentPriceInput { InputPer1K = 0.00015m, OutputPer1K = 0.0006m },
        }, "test", Ct);
    }
}
