using System.Text.Json.Nodes;

namespace AiGateway.Deploy.Tests.Azure;

/// <summary>Role assignments in a snapshot, by built-in role definition id.</summary>
public static class RoleAssignments
{
    public const string AcrPull = "7f951dda-4ed3-4680-a7ca-43fe172d538d";
    public const string KeyVaultSecretsUser = "4633458b-17de-408a-b874-0445c86b69e6";
    public const string KeyVaultCryptoUser = "12338af0-0e69-4776-bea7-57ae8d297424";
    public const string KeyVaultCertificateUser = "db79e9a7-68ee-4b58-9aeb-b90e7c24fcba";
    public const string CognitiveServicesOpenAiUser = "5e0bd9bd-7b93-4f28-af87-19fc36ad61bd";

    public static IEnumerable<JsonObject> Of(TemplateSnapshot snapshot, string roleDefinitionId) =>
        snapshot.OfType("Microsoft.Authorization/roleAssignments").Where(r =>
            ((string)r["properties"]!["roleDefinitionId"]!).EndsWith("/roleDefinitions/" + roleDefinitionId, StringComparison.Ordinal));

    /// <summary>The one assignment of the role, checked to be given to the app's managed identity.</summary>
    public static JsonObject ToIdentity(TemplateSnapshot snapshot, string roleDefinitionId)
    {
        var assignment = Assert.Single(Of(snapshot, roleDefinitionId));
        var principal = (string)assignment["properties"]!["principalId"]!;
        Assert.Contains($"'{AppContainer.IdentityId}'", principal, StringComparison.Ordinal);
        Assert.EndsWith(".principalId>", principal, StringComparison.Ordinal);
        Assert.Equal("ServicePrincipal", (string?)assignment["properties"]!["principalType"]);
        return assignment;
    }

    /// <summary>Whether the assignment's scope is exactly <paramref name="resource"/>.</summary>
    public static bool IsOn(JsonObject assignment, JsonObject resource) =>
        ((string)assignment["id"]!).StartsWith((string)resource["id"]! + "/providers/Microsoft.Authorization/roleAssignments/", StringComparison.Ordinal);
}
