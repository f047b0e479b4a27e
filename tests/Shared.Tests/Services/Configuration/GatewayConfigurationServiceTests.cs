using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Security;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Configuration;
using AiGateway.Shared.Services.Pricing;
using AiGateway.Shared.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;

namespace AiGateway.Shared.Tests.Services.Configuration;

public sealed class GatewayConfigurationServiceTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ApplyToAnEmptyDatabase_ThenExport_GivesTheSameDocument(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var service = new GatewayConfigurationService(database, new BackendSecretProtector(new EphemeralDataProtectionProvider()), TimeProvider.System);
        var document = Everything();
        var expected = ConfigurationYaml.Serialize(document);
        document.Backends[0].ApiKey = "backend-key-0123456789";

        var plan = await service.ApplyAsync(ConfigurationYaml.Deserialize(ConfigurationYaml.Serialize(document)), "ops", dryRun: false);
        var exported = ConfigurationYaml.Serialize(await service.ExportAsync());

        Assert.True(plan.Applied);
        Assert.Equal(expected, exported);
        Assert.DoesNotContain("backend-key", exported, StringComparison.Ordinal);
        var again = await service.ApplyAsync(ConfigurationYaml.Deserialize(exported), "ops", dryRun: false);
        Assert.Empty(again.Changes);
    }

    [Fact]
    public async Task Apply_PriceVersions_InForceStayAsTheyAre_NewOnesStartNowOrLater_ScheduledOnesLeftOutGo()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var service = new GatewayConfigurationService(database, new BackendSecretProtector(new EphemeralDataProtectionProvider()), TimeProvider.System);
        var document = Everything();
        document.Backends[0].ApiKey = "backend-key-0123456789";
        var next = new DeploymentPriceInput { ServiceTier = "default", EffectiveFrom = new DateTimeOffset(DateTime.UtcNow.Date.AddDays(30), TimeSpan.Zero), InputPer1K = 0.003m, OutputPer1K = 0.012m };
        document.Backends[0].Deployments[0].Prices!.Add(next);
        await service.ApplyAsync(document, "ops", dryRun: false);

        var changedInForce = Everything();
        changedInForce.Backends[0].Deployments[0].Prices![1] = changedInForce.Backends[0].Deployments[0].Prices![1] with { InputPer1K = 0.001m };
        changedInForce.Backends[0].Deployments[0].Prices!.Add(new DeploymentPriceInput { ServiceTier = "default", EffectiveFrom = DateTimeOffset.UtcNow.AddDays(-1), InputPer1K = 0.001m });
        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => service.ApplyAsync(changedInForce, "ops", dryRun: true));
        Assert.Contains("in force and cannot be changed", Assert.Single(refused.Errors["backends[0].deployments[0].prices[1]"]), StringComparison.Ordinal);
        Assert.Contains("past", Assert.Single(refused.Errors["backends[0].deployments[0].prices[2].effectiveFrom"]), StringComparison.Ordinal);

        // The document without the scheduled version: it is removed, and nothing else changes.
        var plan = await service.ApplyAsync(Everything(), "ops", dryRun: false);
        Assert.Equal("Delete", Assert.Single(plan.Changes, c => c.Kind == "DeploymentPrice").Action);
        Assert.Equal(2, (await service.ExportAsync()).Backends[0].Deployments[0].Prices!.Count);
    }

    [Fact]
    public async Task Apply_AliasMixingModelsWithoutSayingSo_RefusedWithNothingWritten()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        var service = new GatewayConfigurationService(database, new BackendSecretProtector(new EphemeralDataProtectionProvider()), TimeProvider.System);
        var document = Everything();
        document.Backends[0].ApiKey = "backend-key-0123456789";
        document.Aliases[0].AllowMixedModelVersions = false;

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => service.ApplyAsync(document, "ops", dryRun: false));

        Assert.Contains("allowMixedModelVersions", Assert.Single(refused.Errors["aliases[0].targets"]), StringComparison.Ordinal);
        Assert.Empty((await service.ExportAsync()).Aliases);
    }

    private static readonly DateTimeOffset Always = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>A document using every field, in the order and form an export writes it (prices at the scale a database may pad).</summary>
    private static GatewayConfigurationDocument Everything() => new()
    {
        Backends =
        [
            new BackendDocument
            {
                Name = "eastus", BaseUrl = "https://eastus.openai.azure.com/", Region = "eastus", Tier = BackendTier.Provisioned,
                ApiKeySecret = SecretReference.ForBackendKey("eastus"), ApiVersion = "2024-10-21",
                Deployments =
                [
                    new DeploymentDocument { Name = "gpt-4o", Model = "gpt-4o", ModelVersion = "2024-11-20", CapacityTokensPerMinute = 300000,
                        Prices =
                        [
                            new DeploymentPriceInput { ServiceTier = "batch", EffectiveFrom = Always, InputPer1K = 0.00125m, OutputPer1K = 0.005m },
                            new DeploymentPriceInput { ServiceTier = "default", EffectiveFrom = Always, InputPer1K = 0.0025m, CachedInputPer1K = 0.00125m, OutputPer1K = 0.01m, MonthlyFixedCost = 18250.5m },
                        ],
                    },
                    new DeploymentDocument { Name = "gpt-4o-mini", Model = "gpt-4o-mini", CapacityRequestsPerMinute = 600, Enabled = false,
                        Prices = [new DeploymentPriceInput { ServiceTier = "default", EffectiveFrom = Always, InputPer1K = 0.000165m, OutputPer1K = 0.00066m }],
                    },
                ],
            },
            new BackendDocument
            {
                Name = "local", Kind = BackendKind.OpenAICompatible, BaseUrl = "http://127.0.0.1:11434/v1/", CredentialKind = BackendCredentialKind.None, Enabled = false,
                Deployments = [new DeploymentDocument { Name = "llama", Model = "llama-3.1-8b" }],
            },
            new BackendDocument
            {
                Name = "westus", BaseUrl = "https://westus.openai.azure.com/", CredentialKind = BackendCredentialKind.ManagedIdentity,
                ManagedIdentityClientId = "6f1c2b8e-0000-4000-8000-000000000001",
            },
        ],
        Aliases =
        [
            new AliasDocument
            {
                Name = "chat", Description = "General chat", FirstByteTimeoutSeconds = 45.5, AllowMixedModelVersions = true,
                RoutingStrategy = RoutingStrategy.Headroom, HighReservedPercent = 25, MaxQueueLength = 40, LowQueueSeconds = 12.5, NormalQueueSeconds = 3,
                Targets = [new AliasTargetDocument { Backend = "eastus", Deployment = "gpt-4o", Weight = 3 }, new AliasTargetDocument { Backend = "local", Deployment = "llama", PriorityTier = 2 }],
            },
            new AliasDocument { Name = "mini", Enabled = false, Targets = [new AliasTargetDocument { Backend = "eastus", Deployment = "gpt-4o-mini" }] },
        ],
        Teams =
        [
            new TeamDocument { Name = "Research", Enabled = false },
            new TeamDocument
            {
                Name = "Retail", Description = "Checkout", Priority = PriorityClass.High, AllowedRegions = ["eastus"], AllowedAliases = ["chat"],
                EntraAppIds = ["11111111-2222-3333-4444-555555555555"], MaxKeys = 5, MaxKeyLifetimeDays = 90,
                Members = [new TeamMemberDocument { UserId = "ana@contoso.com", Role = TeamRole.Owner }, new TeamMemberDocument { UserId = "bo@contoso.com", DisplayName = "Bo" }],
                Quota = new QuotaLimitsDocument { TokensPerMinute = 50000, MonthlyTokenBudget = 10_000_000, DailyCostBudget = 25.5m, MonthlyCostBudget = 400m, BudgetAlertPercents = "50,90" },
                AliasQuotas = [new AliasQuotaDocument { Alias = "chat", RequestsPerMinute = 30, MaxTokensPerRequest = 800 }],
            },
        ],
    };
}
