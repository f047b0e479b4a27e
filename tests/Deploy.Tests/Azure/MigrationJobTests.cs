using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AiGateway.Deploy.Tests.Azure;

/// <summary>The migration job: started by hand before a release, the app's image with <c>migrate</c>, the app's settings.</summary>
[Collection(AzureTemplatesCollection.Name)]
public sealed partial class MigrationJobTests(AzureTemplates templates)
{
    [Fact]
    public void MigrationJob_Trigger_IsManualAndRunsOnce()
    {
        var configuration = templates.Defaults.One("Microsoft.App/jobs")["properties"]!["configuration"]!;

        Assert.Equal("Manual", (string?)configuration["triggerType"]);
        Assert.Equal(1, (int)configuration["manualTriggerConfig"]!["parallelism"]!);
        Assert.Equal(1, (int)configuration["manualTriggerConfig"]!["replicaCompletionCount"]!);
    }

    [Fact]
    public void MigrationJob_Container_RunsTheAppsImageWithMigrate()
    {
        var container = AppContainer.Of(templates.Defaults.One("Microsoft.App/jobs"));

        Assert.Equal(AzureTemplates.Image, (string?)container["image"]);
        // The image's entrypoint (dotnet AiGateway.Portal.dll) stays; migrate is its argument.
        Assert.Null(container["command"]);
        Assert.Equal(["migrate"], container["args"]!.AsArray().Select(a => (string)a!));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void MigrationJob_SettingsAndSecrets_AreTheApps(bool customized)
    {
        var snapshot = customized ? templates.Customized : templates.Defaults;
        var job = snapshot.One("Microsoft.App/jobs");
        var app = snapshot.One("Microsoft.App/containerApps");

        Assert.Equal(Comparable(AppContainer.Of(app)["env"]), Comparable(AppContainer.Of(job)["env"]));
        Assert.Equal(Comparable(app["properties"]!["configuration"]!["secrets"]), Comparable(job["properties"]!["configuration"]!["secrets"]));
        Assert.Equal(Comparable(app["properties"]!["configuration"]!["registries"]), Comparable(job["properties"]!["configuration"]!["registries"]));
        Assert.Equal(Comparable(app["identity"]), Comparable(job["identity"]));
        Assert.Equal("false", AppContainer.Environment(job).Value("Database__MigrateOnStartup"));
    }

    /// <summary>
    /// The JSON with each deployment-time value reduced to what it reads (say <c>.outputs.redisConnectionUri.value</c>):
    /// the snapshot spells the same module output with a different nested deployment name in the app and in the job.
    /// </summary>
    private static string Comparable(JsonNode? node) =>
        RuntimeValue().Replace(node!.ToJsonString(Unescaped), m => $"<runtime {m.Groups["read"].Value}>");

    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [GeneratedRegex(@"<runtime [^>]*?\)(?<read>(\.\w+)*)>")]
    private static partial Regex RuntimeValue();
}
