using YamlDotNet.RepresentationModel;

namespace AiGateway.Deploy.Tests.Kubernetes;

/// <summary>One object of a rendered kustomization: its kind, name, namespace, labels and the whole document.</summary>
public sealed record RenderedObject(string Kind, string Name, string? Namespace, YamlMappingNode Root)
{
    public IReadOnlyDictionary<string, string> Labels => Root.Map("metadata").Values("labels");

    public IReadOnlyDictionary<string, string> Annotations => Root.Map("metadata").Values("annotations");

    public YamlMappingNode Spec => Root.Map("spec");

    /// <summary>The pod spec of a Deployment's or a Job's pod template.</summary>
    public YamlMappingNode PodSpec => Spec.Map("template").Map("spec");

    public IReadOnlyDictionary<string, string> PodLabels => Spec.Map("template").Map("metadata").Values("labels");

    public IEnumerable<YamlMappingNode> Containers =>
        PodSpec.Maps("containers").Concat(PodSpec.Has("initContainers") ? PodSpec.Maps("initContainers") : []);

    public override string ToString() => $"{Kind}/{Name}";

    public static RenderedObject From(YamlMappingNode root)
    {
        var metadata = root.Map("metadata");
        return new RenderedObject(root.Scalar("kind"), metadata.Scalar("name"), metadata.ScalarOrNull("namespace"), root);
    }
}
