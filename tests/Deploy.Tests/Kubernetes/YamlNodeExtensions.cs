using YamlDotNet.RepresentationModel;

namespace AiGateway.Deploy.Tests.Kubernetes;

/// <summary>Walks a rendered object by field names, failing with the missing field's name rather than a null reference.</summary>
public static class YamlNodeExtensions
{
    public static YamlMappingNode Map(this YamlNode node, string key) =>
        node.Child(key) as YamlMappingNode ?? throw new InvalidOperationException($"'{key}' is not a mapping in {Describe(node)}.");

    public static YamlSequenceNode Seq(this YamlNode node, string key) =>
        node.Child(key) as YamlSequenceNode ?? throw new InvalidOperationException($"'{key}' is not a list in {Describe(node)}.");

    public static string Scalar(this YamlNode node, string key) =>
        (node.Child(key) as YamlScalarNode)?.Value ?? throw new InvalidOperationException($"'{key}' is not a value in {Describe(node)}.");

    public static string? ScalarOrNull(this YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? (child as YamlScalarNode)?.Value : null;

    public static YamlMappingNode? MapOrNull(this YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child as YamlMappingNode : null;

    public static bool Has(this YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.ContainsKey(new YamlScalarNode(key));

    /// <summary>A mapping of plain values (labels, annotations, a ConfigMap's data) as a dictionary; empty when absent.</summary>
    public static IReadOnlyDictionary<string, string> Values(this YamlNode node, string key) =>
        node.MapOrNull(key) is { } map
            ? map.Children.ToDictionary(e => ((YamlScalarNode)e.Key).Value!, e => (e.Value as YamlScalarNode)?.Value ?? "", StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);

    public static IEnumerable<YamlMappingNode> Maps(this YamlSequenceNode sequence) => sequence.Children.Cast<YamlMappingNode>();

    public static IEnumerable<YamlMappingNode> Maps(this YamlNode node, string key) => node.Seq(key).Maps();

    private static YamlNode Child(this YamlNode node, string key) =>
        node is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(key), out var child)
            ? child
            : throw new InvalidOperationException($"No '{key}' in {Describe(node)}.");

    private static string Describe(YamlNode node) => $"the node at {node.Start}";
}
