using System.Text.Json.Nodes;

namespace AiGateway.Deploy.Tests.Azure;

/// <summary>The compiled ARM template: what it deploys, with which API versions, and its parameters' defaults.</summary>
[Collection(AzureTemplatesCollection.Name)]
public sealed class TemplateResourcesTests(AzureTemplates templates)
{
    [Fact]
    public void Template_Resources_CoverEveryPartOfTheDeployment()
    {
        var types = Deployed(templates.Template).Select(r => (string)r["type"]!).ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.Superset(new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "Microsoft.ManagedIdentity/userAssignedIdentities",
            "Microsoft.OperationalInsights/workspaces",
            "Microsoft.Insights/components",
            "Microsoft.KeyVault/vaults",
            "Microsoft.KeyVault/vaults/secrets",
            "Microsoft.Sql/servers",
            "Microsoft.Sql/servers/databases",
            "Microsoft.Cache/redisEnterprise",
            "Microsoft.Cache/redisEnterprise/databases",
            "Microsoft.App/managedEnvironments",
            "Microsoft.App/containerApps",
            "Microsoft.App/jobs",
            "Microsoft.CognitiveServices/accounts",
            "Microsoft.CognitiveServices/accounts/deployments",
            "Microsoft.Authorization/roleAssignments",
        }, types);
    }

    [Fact]
    public void Template_ApiVersions_AreGenerallyAvailable()
    {
        Assert.All(Deployed(templates.Template), r =>
            Assert.DoesNotContain("preview", (string)r["apiVersion"]!, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Template_Parameters_DefaultToThreeReplicasAndHideSecrets()
    {
        var parameters = templates.Template["parameters"]!;

        Assert.Equal(3, (int)parameters["minReplicas"]!["defaultValue"]!);
        Assert.Equal("securestring", (string?)parameters["apiKeyHashSecret"]!["type"]);
        Assert.Null(parameters["apiKeyHashSecret"]!["defaultValue"]);
        Assert.Equal("securestring", (string?)parameters["bootstrapToken"]!["type"]);
        Assert.True((bool)parameters["deployOpenAiProvisioned"]!["defaultValue"]!);
    }

    /// <summary>Every resource the template creates, modules included; <c>existing</c> references are not created.</summary>
    private static IEnumerable<JsonObject> Deployed(JsonNode template)
    {
        var resources = template["resources"] switch
        {
            JsonObject bySymbolicName => bySymbolicName.Select(p => p.Value!.AsObject()),
            JsonArray list => list.Select(r => r!.AsObject()),
            _ => [],
        };
        foreach (var resource in resources.Where(r => r["existing"] is null || !(bool)r["existing"]!))
        {
            if ((string?)resource["type"] == "Microsoft.Resources/deployments")
            {
                foreach (var nested in Deployed(resource["properties"]!["template"]!))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return resource;
            }
        }
    }
}
