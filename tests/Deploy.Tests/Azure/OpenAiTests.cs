namespace AiGateway.Deploy.Tests.Azure;

/// <summary>The example Azure OpenAI account: Entra ID only, a standard and a provisioned deployment, the identity's role.</summary>
[Collection(AzureTemplatesCollection.Name)]
public sealed class OpenAiTests(AzureTemplates templates)
{
    private const string Deployments = "Microsoft.CognitiveServices/accounts/deployments";

    [Fact]
    public void OpenAiAccount_Authentication_IsEntraIdOnlyOnItsOwnSubdomain()
    {
        var account = templates.Defaults.One("Microsoft.CognitiveServices/accounts");

        Assert.Equal("OpenAI", (string?)account["kind"]);
        Assert.True((bool)account["properties"]!["disableLocalAuth"]!);
        Assert.Equal((string?)account["name"], (string?)account["properties"]!["customSubDomainName"]);
    }

    [Fact]
    public void OpenAiDeployments_ByDefault_AreOneStandardAndOneProvisioned()
    {
        var standard = templates.Defaults.Child(Deployments, "gpt-4.1-standard");
        var provisioned = templates.Defaults.Child(Deployments, "gpt-4.1-provisioned");

        Assert.Equal(2, templates.Defaults.OfType(Deployments).Count());
        Assert.Equal("GlobalStandard", (string?)standard["sku"]!["name"]);
        Assert.Equal(50, (int)standard["sku"]!["capacity"]!);
        Assert.Equal("GlobalProvisionedManaged", (string?)provisioned["sku"]!["name"]);
        Assert.Equal(15, (int)provisioned["sku"]!["capacity"]!);
        Assert.All([standard, provisioned], d =>
        {
            Assert.Equal("gpt-4.1", (string?)d["properties"]!["model"]!["name"]);
            Assert.Equal("2025-04-14", (string?)d["properties"]!["model"]!["version"]);
        });
    }

    [Fact]
    public void OpenAiDeployments_WithoutProvisioned_AreOnlyTheStandardOne()
    {
        var deployment = Assert.Single(templates.Customized.OfType(Deployments));

        Assert.Equal("GlobalStandard", (string?)deployment["sku"]!["name"]);
    }

    [Fact]
    public void Identity_OnTheOpenAiAccount_IsCognitiveServicesOpenAiUser()
    {
        var assignment = RoleAssignments.ToIdentity(templates.Defaults, RoleAssignments.CognitiveServicesOpenAiUser);

        Assert.True(RoleAssignments.IsOn(assignment, templates.Defaults.One("Microsoft.CognitiveServices/accounts")));
    }
}
