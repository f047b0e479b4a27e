using System.Collections.Concurrent;
using YamlDotNet.RepresentationModel;

namespace AiGateway.Deploy.Tests.Kubernetes;

/// <summary>
/// An overlay of infra/kubernetes as kubectl renders it, plus what its kustomization.yaml declares (namespace,
/// image). Rendered once per test run.
/// </summary>
public sealed class Overlay
{
    public const string Production = "production";
    public const string Azure = "azure";

    /// <summary>The name of the Secret the operator creates; the manifests only refer to it.</summary>
    public const string SecretName = "ai-gateway-secrets";

    public static TheoryData<string> All => [Production, Azure];

    private static readonly ConcurrentDictionary<string, Lazy<Overlay>> Rendered = new(StringComparer.Ordinal);

    private Overlay(string name, IReadOnlyList<RenderedObject> objects, YamlMappingNode kustomization)
    {
        Name = name;
        Objects = objects;
        Kustomization = kustomization;
    }

    public string Name { get; }

    public IReadOnlyList<RenderedObject> Objects { get; }

    /// <summary>The overlay's own kustomization.yaml, as written.</summary>
    public YamlMappingNode Kustomization { get; }

    public string Namespace => Kustomization.Scalar("namespace");

    /// <summary>The image reference the overlay's <c>images:</c> entry for "ai-gateway" asks for, e.g. ghcr.io/contoso/ai-gateway:1.0.0.</summary>
    public string Image
    {
        get
        {
            var entry = Kustomization.Maps("images").Single(i => i.Scalar("name") == "ai-gateway");
            return $"{entry.Scalar("newName")}:{entry.Scalar("newTag")}";
        }
    }

    public RenderedObject Deployment => Named("Deployment", "ai-gateway");

    public RenderedObject MigrationJob => Named("Job", "ai-gateway-migrate");

    public RenderedObject Service => Named("Service", "ai-gateway");

    public RenderedObject ConfigMap => Named("ConfigMap", "ai-gateway-config");

    public IReadOnlyDictionary<string, string> Settings => ConfigMap.Root.Values("data");

    public RenderedObject Named(string kind, string name)
    {
        var matches = Objects.Where(o => o.Kind == kind && o.Name == name).ToList();
        Assert.True(matches.Count == 1, $"The {Name} overlay renders {matches.Count} {kind} named {name}; expected one. It renders: {string.Join(", ", Objects)}");
        return matches[0];
    }

    public RenderedObject OnlyOfKind(string kind)
    {
        var matches = Objects.Where(o => o.Kind == kind).ToList();
        Assert.True(matches.Count == 1, $"The {Name} overlay renders {matches.Count} {kind}; expected one.");
        return matches[0];
    }

    public static Overlay Load(string name) =>
        Rendered.GetOrAdd(name, n => new Lazy<Overlay>(() => Render(n))).Value;

    public static string Directory(string name) => RepositoryRoot.Combine("infra", "kubernetes", "overlays", name);

    private static Overlay Render(string name)
    {
        var directory = Directory(name);
        var objects = Parse(Kubectl.Kustomize(directory))
            .Select(RenderedObject.From)
            .ToList();
        var kustomization = Parse(File.ReadAllText(Path.Combine(directory, "kustomization.yaml"))).Single();
        return new Overlay(name, objects, kustomization);
    }

    private static IEnumerable<YamlMappingNode> Parse(string yaml)
    {
        var stream = new YamlStream();
        using (var reader = new StringReader(yaml))
        {
            stream.Load(reader);
        }

        return stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>();
    }
}
