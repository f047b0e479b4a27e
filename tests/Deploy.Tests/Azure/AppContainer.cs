using System.Text.Json.Nodes;

namespace AiGateway.Deploy.Tests.Azure;

/// <summary>Reads the one container of a container app or job in a snapshot.</summary>
public static class AppContainer
{
    public static string IdentityId { get; } =
        $"/subscriptions/{TemplateSnapshot.SubscriptionId}/resourceGroups/{TemplateSnapshot.ResourceGroup}" +
        "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/aigw-id";

    public static JsonObject Of(JsonObject appOrJob) =>
        Assert.Single(appOrJob["properties"]!["template"]!["containers"]!.AsArray())!.AsObject();

    /// <summary>The container's environment variables by name.</summary>
    public static IReadOnlyDictionary<string, JsonObject> Environment(JsonObject appOrJob) =>
        Of(appOrJob)["env"]!.AsArray().Select(e => e!.AsObject()).ToDictionary(e => (string)e["name"]!);

    public static IReadOnlyList<JsonObject> Secrets(JsonObject appOrJob) =>
        [.. appOrJob["properties"]!["configuration"]!["secrets"]!.AsArray().Select(s => s!.AsObject())];

    public static string? Value(this IReadOnlyDictionary<string, JsonObject> environment, string name) =>
        (string?)Assert.Contains(name, environment)["value"];
}
