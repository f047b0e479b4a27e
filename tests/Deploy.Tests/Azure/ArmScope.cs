using System.Text.Json.Nodes;

namespace AiGateway.Deploy.Tests.Azure;

/// <summary>
/// What <see cref="ArmExpression"/> resolves names against: the main template's parameter values (secure ones, which a
/// snapshot leaves unresolved, included) and variables, the resource group the snapshot was made for, and the
/// <c>environment()</c> of Azure's public cloud (the snapshot leaves that function unevaluated).
/// </summary>
public sealed record ArmScope(
    IReadOnlyDictionary<string, JsonNode?> Parameters,
    JsonObject? Variables,
    string SubscriptionId,
    string ResourceGroup)
{
    public JsonObject Environment { get; } = new()
    {
        ["name"] = "AzureCloud",
        ["suffixes"] = new JsonObject
        {
            ["acrLoginServer"] = ".azurecr.io",
            ["keyvaultDns"] = ".vault.azure.net",
            ["sqlServerHostname"] = ".database.windows.net",
        },
    };
}
