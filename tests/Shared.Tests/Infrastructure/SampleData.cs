using AiGateway.Shared.Model;

namespace AiGateway.Shared.Tests.Infrastructure;

/// <summary>A small, valid configuration graph for tests to save and read back.</summary>
public static class SampleData
{
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 10, 30, 0, TimeSpan.Zero);

    public static Team Team(string name = "Contoso Retail") => new()
    {
        Name = name,
        Priority = PriorityClass.High,
        AllowedRegions = ["swedencentral", "westeurope"],
        AllowedAliases = ["gpt-4o-mini"],
        MaxKeys = 5,
        CreatedAt = Now,
    };

    public static ApiKey Key(Team team, string prefix = "agw_AAAAAAAAAAAA") => new()
    {
        Team = team,
        Name = "checkout-service",
        Prefix = prefix,
        SecretHash = Enumerable.Range(0, 32).Select(i => (byte)i).ToArray(),
        AllowedAliases = ["gpt-4o-mini"],
        CreatedAt = Now,
        ExpiresAt = Now.AddDays(90),
    };

    public static Backend Backend(string name = "aoai-sweden") => new()
    {
        Name = name,
        Kind = BackendKind.AzureOpenAI,
        BaseUrl = "https://contoso-sweden.openai.azure.com/",
        Region = "swedencentral",
        Tier = BackendTier.Provisioned,
        CredentialKind = BackendCredentialKind.ApiKey,
        ProtectedApiKey = "ciphertext",
        ApiVersion = "2024-10-21",
        CreatedAt = Now,
    };

    public static Deployment Deployment(Backend backend, string name = "gpt-4o-mini") => new()
    {
        Backend = backend,
        Name = name,
        Model = "gpt-4o-mini",
        ModelVersion = "2024-07-18",
        CapacityTokensPerMinute = 30_000,
        Prices = [Price(0.000165m, 0.00066m)],
        CreatedAt = Now,
    };

    /// <summary>A price version, default tier, in force from 2000 unless told otherwise.</summary>
    public static DeploymentPrice Price(decimal inputPer1K, decimal outputPer1K, DateTimeOffset? from = null, string tier = DeploymentPrice.DefaultServiceTier, decimal? monthlyFixedCost = null) => new()
    {
        ServiceTier = tier,
        EffectiveFrom = from ?? new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero),
        InputPer1K = inputPer1K,
        OutputPer1K = outputPer1K,
        MonthlyFixedCost = monthlyFixedCost,
        CreatedAt = Now,
    };

    public static ModelAlias Alias(string name, params Deployment[] targets)
    {
        var alias = new ModelAlias { Name = name, CreatedAt = Now };
        foreach (var deployment in targets)
        {
            alias.Targets.Add(new AliasTarget { Deployment = deployment, Weight = 3 });
        }

        return alias;
    }
}
