using System.Text.Json.Nodes;

namespace AiGateway.Deploy.Tests.Azure;

/// <summary>
/// The resources <c>bicep snapshot</c> predicts for infra/azure/main.bicep with one set of parameters: modules
/// flattened, conditions applied, names and parameters resolved, and the expressions it leaves (values that depend
/// on a deployment output) evaluated by <see cref="ArmExpression"/>.
/// </summary>
public sealed class TemplateSnapshot
{
    public const string SubscriptionId = "00000000-0000-0000-0000-0000000000a1";
    public const string ResourceGroup = "rg-aigw-test";

    private TemplateSnapshot(IReadOnlyList<JsonObject> resources) => Resources = resources;

    public IReadOnlyList<JsonObject> Resources { get; }

    /// <summary>
    /// Snapshots main.bicep in a copy of infra/azure (the command writes its output beside the parameters file) with
    /// <paramref name="parameterLines"/> after the <c>using</c> line, and <paramref name="environment"/> for their
    /// <c>readEnvironmentVariable</c> calls. The snapshot leaves expressions that involve a secure parameter in place
    /// (with the main template's variables in them): <paramref name="parameters"/> and <paramref name="variables"/>
    /// let <see cref="ArmExpression"/> evaluate them.
    /// </summary>
    public static async Task<TemplateSnapshot> CreateAsync(
        IReadOnlyList<string> parameterLines,
        IReadOnlyDictionary<string, string?> environment,
        IReadOnlyDictionary<string, JsonNode?> parameters,
        JsonObject? variables)
    {
        var folder = Directory.CreateTempSubdirectory("aigw-bicep-");
        try
        {
            CopyTemplates(AzureTemplates.Folder, folder.FullName);
            var parametersFile = Path.Combine(folder.FullName, "test.bicepparam");
            await File.WriteAllLinesAsync(parametersFile, ["using 'main.bicep'", .. parameterLines]);

            var result = await BicepCli.RunAsync(folder.FullName,
                ["snapshot", parametersFile, "--mode", "overwrite", "--subscription-id", SubscriptionId,
                 "--resource-group", ResourceGroup, "--location", "westeurope"],
                environment);
            result.ShouldBeClean();

            var snapshot = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder.FullName, "test.snapshot.json")))!;
            Assert.Empty(snapshot["diagnostics"]!.AsArray());
            var scope = new ArmScope(parameters, variables, SubscriptionId, ResourceGroup);
            var resources = snapshot["predictedResources"]!.AsArray()
                .Select(r => ArmExpression.Evaluate(r, scope)!.AsObject())
                .ToList();
            return new TemplateSnapshot(resources);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    public IEnumerable<JsonObject> OfType(string type) =>
        Resources.Where(r => string.Equals((string?)r["type"], type, StringComparison.OrdinalIgnoreCase));

    public JsonObject One(string type) => Assert.Single(OfType(type));

    /// <summary>The resource of <paramref name="type"/> whose name ends with <c>/<paramref name="childName"/></c>.</summary>
    public JsonObject Child(string type, string childName) =>
        Assert.Single(OfType(type), r => ((string)r["name"]!).EndsWith('/' + childName, StringComparison.Ordinal));

    private static void CopyTemplates(string from, string to)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            if (file.EndsWith(".snapshot.json", StringComparison.Ordinal))
            {
                continue;
            }

            var target = Path.Combine(to, Path.GetRelativePath(from, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }
}
