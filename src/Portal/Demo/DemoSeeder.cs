using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Backends;
using AiGateway.Shared.Services.Keys;
using AiGateway.Shared.Services.Pricing;
using AiGateway.Shared.Services.Quotas;
using AiGateway.Shared.Services.Teams;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Portal.Demo;

/// <summary>
/// Fills a never-configured database with a working set-up over the in-process simulator: a team, a provisioned and a
/// standard backend, an alias over both, a quota policy and a key. It runs through the same services an admin uses,
/// so the demo data is audited like any other change.
/// </summary>
public sealed partial class DemoSeeder(
    IDbContextFactory<PortalDbContext> dbFactory,
    TeamService teams,
    BackendService backends,
    DeploymentService deployments,
    DeploymentPriceService prices,
    AliasService aliases,
    QuotaPolicyService quotas,
    ApiKeyService keys,
    IOptions<DemoOptions> options,
    ILogger<DemoSeeder> logger)
{
    public const string Actor = "system:demo-seed";
    public const string TeamName = "Demo Team";
    public const string AdminUser = "admin@demo.local";
    public const string MemberUser = "member@demo.local";
    public const string ChatAlias = "gpt-4o-mini";
    public const string EmbeddingsAlias = "text-embedding-3-small";

    /// <summary>Deployment names in the simulator; the demo's appsettings define the same ones under <c>Simulator:Deployments</c>.</summary>
    public const string ProvisionedChatDeployment = "gpt-4o-mini-ptu";
    public const string StandardChatDeployment = "gpt-4o-mini-paygo";
    public const string EmbeddingsDeployment = "text-embedding-3-small";

    /// <summary>Newer model versions that no alias routes to yet, to roll out to: a healthy one, and one failing 30 % of calls.</summary>
    public const string NextChatDeployment = "gpt-4o-mini-next";
    public const string FaultyChatDeployment = "gpt-4o-mini-faulty";

    /// <summary>Seeds when the database has never been configured (its configuration version was never bumped). Returns the key's secret when it seeded.</summary>
    public async Task<string?> SeedIfEmptyAsync(CancellationToken ct = default)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            var version = await db.ConfigVersions.AsNoTracking().Where(v => v.Id == ConfigVersion.SingletonId).Select(v => v.Version).SingleAsync(ct);
            if (version > 1 || await db.Teams.AnyAsync(ct) || await db.Backends.AnyAsync(ct))
            {
                Log.AlreadyConfigured(logger);
                return null;
            }
        }

        var demo = options.Value;
        var simulatorUrl = BackendService.SelfUrlPrefix + demo.SimulatorPath.TrimEnd('/');
        var team = await teams.CreateAsync(new TeamInput
        {
            Name = TeamName,
            Description = "Seeded by the demo: a team with a key and a quota, calling the simulated backends.",
            Priority = PriorityClass.Normal,
            Owners = [MemberUser],
        }, Actor, ct);

        var ptu = await backends.CreateAsync(new BackendInput
        {
            Name = "sim-swedencentral-ptu",
            Kind = BackendKind.AzureOpenAI,
            BaseUrl = simulatorUrl,
            Region = "swedencentral",
            Tier = BackendTier.Provisioned,
            CredentialKind = BackendCredentialKind.ApiKey,
            ApiKey = demo.SimulatorApiKey,
            ApiVersion = "2024-10-21",
        }, Actor, ct);
        var paygo = await backends.CreateAsync(new BackendInput
        {
            Name = "sim-eastus-paygo",
            Kind = BackendKind.AzureOpenAI,
            BaseUrl = simulatorUrl,
            Region = "eastus",
            Tier = BackendTier.Standard,
            CredentialKind = BackendCredentialKind.ApiKey,
            ApiKey = demo.SimulatorApiKey,
            ApiVersion = "2024-10-21",
        }, Actor, ct);

        var ptuChat = await deployments.CreateAsync(new DeploymentInput
        {
            BackendId = ptu.Id, Name = ProvisionedChatDeployment, Model = "gpt-4o-mini", ModelVersion = "2024-07-18",
            CapacityTokensPerMinute = 30_000, CapacityRequestsPerMinute = 180,
            // Provisioned capacity is paid by the month, not by the token; chargeback splits it by token share.
            Price = new DeploymentPriceInput { MonthlyFixedCost = 2_000m },
        }, Actor, ct);
        var paygoChat = await deployments.CreateAsync(new DeploymentInput
        {
            BackendId = paygo.Id, Name = StandardChatDeployment, Model = "gpt-4o-mini", ModelVersion = "2024-07-18",
            CapacityTokensPerMinute = 200_000, CapacityRequestsPerMinute = 1_200,
            // Prompt tokens served from the cache cost half.
            Price = new DeploymentPriceInput { InputPer1K = 0.000165m, CachedInputPer1K = 0.0000825m, OutputPer1K = 0.00066m },
        }, Actor, ct);
        // Answers in the batch tier cost half again.
        await prices.AddAsync(paygoChat.Id, new DeploymentPriceInput
        {
            ServiceTier = ServiceTiers.Batch, InputPer1K = 0.0000825m, CachedInputPer1K = 0.00004125m, OutputPer1K = 0.00033m,
        }, Actor, ct);
        var embeddings = await deployments.CreateAsync(new DeploymentInput
        {
            BackendId = paygo.Id, Name = EmbeddingsDeployment, Model = "text-embedding-3-small", ModelVersion = "1",
            CapacityTokensPerMinute = 350_000, Price = new DeploymentPriceInput { InputPer1K = 0.00002m },
        }, Actor, ct);

        foreach (var (name, version) in new[] { (NextChatDeployment, "2025-01-31"), (FaultyChatDeployment, "2025-02-14") })
        {
            await deployments.CreateAsync(new DeploymentInput
            {
                BackendId = paygo.Id, Name = name, Model = "gpt-4o-mini", ModelVersion = version,
                CapacityTokensPerMinute = 200_000, CapacityRequestsPerMinute = 1_200,
                Price = new DeploymentPriceInput { InputPer1K = 0.000165m, CachedInputPer1K = 0.0000825m, OutputPer1K = 0.00066m },
            }, Actor, ct);
        }

        await aliases.CreateAsync(new AliasInput
        {
            Name = ChatAlias,
            Description = "Provisioned capacity first, pay-as-you-go when it throttles.",
            Targets = [new AliasTargetInput { DeploymentId = ptuChat.Id, Weight = 1 }, new AliasTargetInput { DeploymentId = paygoChat.Id, Weight = 1 }],
        }, Actor, ct);
        await aliases.CreateAsync(new AliasInput
        {
            Name = EmbeddingsAlias,
            Targets = [new AliasTargetInput { DeploymentId = embeddings.Id, Weight = 1 }],
        }, Actor, ct);

        await quotas.CreateAsync(new QuotaPolicyInput
        {
            Scope = QuotaScope.Team, TeamId = team.Id,
            RequestsPerMinute = 600, TokensPerMinute = 200_000, DailyTokenBudget = 5_000_000, MonthlyCostBudget = 250m, MaxTokensPerRequest = 4_096,
        }, Actor, ct);

        var issued = await keys.IssueAsync(team.Id, new ApiKeyInput { Name = "demo-key" }, Actor, demo.ApiKey, ct: ct);
        Log.Seeded(logger, TeamName, issued.Key.Prefix);
        return issued.Secret;
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Demo data seeded: team '{Team}', key {KeyPrefix}")]
        public static partial void Seeded(ILogger logger, string team, string keyPrefix);

        [LoggerMessage(2, LogLevel.Information, "The database already holds configuration; demo data not seeded")]
        public static partial void AlreadyConfigured(ILogger logger);
    }
}
