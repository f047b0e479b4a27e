using AiGateway.Gateway.Configuration;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Tests.Backends;

/// <summary>Builds the snapshot records the selector and transforms read, with only the fields a test cares about.</summary>
internal static class TestTargets
{
    public static BackendEntry Backend(
        string? region = "eastus",
        BackendKind kind = BackendKind.AzureOpenAI,
        string baseUrl = "https://aoai.example.com",
        string apiVersion = "2024-10-21",
        BackendTier tier = BackendTier.Standard) =>
        new(Guid.NewGuid(), $"backend-{region ?? "none"}", kind, baseUrl, region, tier, BackendCredentialKind.ApiKey, "secret", null, apiVersion);

    public static AliasTargetEntry Target(BackendEntry backend, int weight = 1, int tier = 1, string deploymentName = "gpt-4o") =>
        new(Guid.NewGuid(), deploymentName, "gpt-4o", backend, weight, tier);

    /// <summary>An alias over the targets in the order given; the snapshot loader promises lowest tier first.</summary>
    public static AliasEntry Alias(params AliasTargetEntry[] targets) => new(Guid.NewGuid(), "gpt-4o", [.. targets]);
}
