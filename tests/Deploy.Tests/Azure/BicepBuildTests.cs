using System.Text.Json;
using System.Text.Json.Nodes;

namespace AiGateway.Deploy.Tests.Azure;

/// <summary>infra/azure compiles with the pinned Bicep compiler and not one warning: the linter's rules are errors.</summary>
public sealed class BicepBuildTests
{
    [Fact]
    public async Task Build_MainTemplate_ReportsNoWarningOrError()
    {
        var result = (await BicepCli.RunAsync(AzureTemplates.Folder, ["build", "main.bicep", "--stdout"])).ShouldBeClean();

        Assert.Equal("2.0", (string?)JsonNode.Parse(result.StandardOutput)!["languageVersion"]);
    }

    [Fact]
    public async Task BuildParams_ExampleParameters_ReadsTheSecretFromTheEnvironment()
    {
        var secret = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        var result = (await BicepCli.RunAsync(AzureTemplates.Folder, ["build-params", "main.bicepparam", "--stdout"],
            new Dictionary<string, string?> { ["AIGW_API_KEY_HASH_SECRET"] = secret, ["AIGW_BOOTSTRAP_TOKEN"] = null }))
            .ShouldBeClean();

        var output = JsonNode.Parse(result.StandardOutput)!;
        var parameters = JsonNode.Parse((string)output["parametersJson"]!)!["parameters"]!;
        Assert.Equal(AzureTemplates.Image, (string?)parameters["image"]!["value"]);
        Assert.Equal(3, (int)parameters["minReplicas"]!["value"]!);
        Assert.Equal(secret, (string?)parameters["apiKeyHashSecret"]!["value"]);
        Assert.Equal("", (string?)parameters["bootstrapToken"]!["value"]);
        Assert.True((bool)parameters["deployOpenAiProvisioned"]!["value"]!);
    }

    [Fact]
    public async Task BuildParams_ExampleParametersWithoutTheSecretVariable_Fails()
    {
        var result = await BicepCli.RunAsync(AzureTemplates.Folder, ["build-params", "main.bicepparam", "--stdout"],
            new Dictionary<string, string?> { ["AIGW_API_KEY_HASH_SECRET"] = null });

        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains(result.Diagnostics, d => d.Contains("AIGW_API_KEY_HASH_SECRET", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Build_TemplateWithAnUnusedVariable_FailsOnTheLinterRule()
    {
        // no-unused-vars is a warning out of the box: failing here shows bicepconfig.json is the one in force.
        var folder = Directory.CreateTempSubdirectory("aigw-bicep-lint-");
        try
        {
            foreach (var file in Directory.EnumerateFiles(AzureTemplates.Folder, "*", SearchOption.AllDirectories))
            {
                var target = Path.Combine(folder.FullName, Path.GetRelativePath(AzureTemplates.Folder, file));
                Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            await File.AppendAllTextAsync(Path.Combine(folder.FullName, "main.bicep"), "\nvar unusedByTheTest = 1\n");

            var result = await BicepCli.RunAsync(folder.FullName, ["build", "main.bicep", "--stdout"]);

            Assert.NotEqual(0, result.ExitCode);
            var diagnostic = Assert.Single(result.Diagnostics);
            Assert.Contains("Error no-unused-vars", diagnostic, StringComparison.Ordinal);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public void BicepConfig_EveryLinterRule_IsAnError()
    {
        var config = JsonNode.Parse(
            File.ReadAllText(Path.Combine(AzureTemplates.Folder, "bicepconfig.json")),
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        var core = config["analyzers"]!["core"]!;
        var rules = core["rules"]!.AsObject();

        Assert.True((bool)core["enabled"]!);
        Assert.All(rules, rule => Assert.Equal("error", (string?)rule.Value!["level"]));
        // Rules that are off or warnings by default, and that this template would break first.
        Assert.Contains("use-recent-api-versions", rules.Select(r => r.Key));
        Assert.Contains("what-if-short-circuiting", rules.Select(r => r.Key));
        Assert.Contains("use-secure-value-for-secure-inputs", rules.Select(r => r.Key));
        Assert.Contains("outputs-should-not-contain-secrets", rules.Select(r => r.Key));
        Assert.True(rules.Count >= 45, $"Only {rules.Count} rules are listed.");
    }
}
