using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace AiGateway.Deploy.Tests.Azure;

/// <summary>
/// infra/azure compiled once for the tests of the <see cref="AzureTemplatesCollection"/> (so other Deploy.Tests run
/// without it): <c>bicep build main.bicep</c>, and two snapshots, one with the defaults (only the required
/// parameters) and one with every option changed (a bootstrap token, a private registry, no provisioned OpenAI
/// deployment). A template that does not compile cleanly fails every one of these tests with the compiler's output.
/// </summary>
public sealed class AzureTemplates : IAsyncLifetime
{
    public const string Image = "ghcr.io/contoso/ai-gateway:1.0.0";
    public const string RegistryName = "contosoacr";

    public static string Folder { get; } = RepositoryRoot.Combine("infra", "azure");

    /// <summary>A fresh value per run, as an operator would make it (openssl rand -base64 32).</summary>
    public static string ApiKeyHashSecret { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string BootstrapToken { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(36));

    /// <summary>The ARM JSON of main.bicep, modules included.</summary>
    public JsonNode Template { get; private set; } = null!;

    /// <summary>Only the required parameters: image and API key hash secret.</summary>
    public TemplateSnapshot Defaults { get; private set; } = null!;

    /// <summary>A bootstrap token, an Azure Container Registry, and no provisioned deployment.</summary>
    public TemplateSnapshot Customized { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var environment = new Dictionary<string, string?>
        {
            ["TEST_API_KEY_HASH_SECRET"] = ApiKeyHashSecret,
            ["TEST_BOOTSTRAP_TOKEN"] = BootstrapToken,
        };
        string[] required =
        [
            $"param image = '{Image}'",
            "param apiKeyHashSecret = readEnvironmentVariable('TEST_API_KEY_HASH_SECRET')",
        ];

        var build = (await BicepCli.RunAsync(Folder, ["build", "main.bicep", "--stdout"])).ShouldBeClean();
        Template = JsonNode.Parse(build.StandardOutput)!;
        var variables = Template["variables"]?.AsObject();

        var defaults = TemplateSnapshot.CreateAsync(required, environment, Parameters(bootstrapToken: ""), variables);
        var customized = TemplateSnapshot.CreateAsync(
            [
                .. required,
                "param bootstrapToken = readEnvironmentVariable('TEST_BOOTSTRAP_TOKEN')",
                $"param containerRegistryName = '{RegistryName}'",
                "param deployOpenAiProvisioned = false",
            ],
            environment,
            Parameters(BootstrapToken),
            variables);

        Defaults = await defaults;
        Customized = await customized;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static Dictionary<string, JsonNode?> Parameters(string bootstrapToken) => new()
    {
        ["namePrefix"] = "aigw",
        ["apiKeyHashSecret"] = ApiKeyHashSecret,
        ["bootstrapToken"] = bootstrapToken,
    };
}
