using System.Text.RegularExpressions;

namespace AiGateway.Deploy.Tests.Kubernetes;

/// <summary>
/// No secret value is in the repository: the operator creates the Secret (keys in secrets.env.example), the
/// manifests only name it, and every setting that looks secret reaches the pods through a secretKeyRef.
/// </summary>
public sealed partial class SecretHandlingTests
{
    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void Render_AnyOverlay_HasNoSecretObject(string name)
    {
        var secrets = Overlay.Load(name).Objects.Where(o => o.Kind == "Secret").ToList();

        Assert.True(secrets.Count == 0, $"Secrets with values belong to the operator, not the manifests: {string.Join(", ", secrets)}");
    }

    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void Env_AnySecretLookingVariable_ComesFromTheSecretByName(string name)
    {
        var overlay = Overlay.Load(name);

        foreach (var workload in overlay.Objects.Where(o => o.Kind is "Deployment" or "Job"))
        {
            var checkedVariables = new List<string>();
            foreach (var variable in workload.Containers.Where(c => c.Has("env")).SelectMany(c => c.Maps("env")))
            {
                var variableName = variable.Scalar("name");
                if (!LooksSecret(variableName))
                {
                    continue;
                }

                checkedVariables.Add(variableName);
                Assert.False(variable.Has("value"), $"{workload}: {variableName} has an inline value");
                var reference = variable.Map("valueFrom").Map("secretKeyRef");
                Assert.Equal(Overlay.SecretName, reference.Scalar("name"));
                Assert.Equal(variableName, reference.Scalar("key"));
            }

            // The settings every start needs were among those checked.
            Assert.Contains("ConnectionStrings__Portal", checkedVariables);
            Assert.Contains("Security__ApiKeyHashSecret", checkedVariables);
        }
    }

    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void ConfigMap_AnyOverlay_HoldsNoSecretLookingSetting(string name)
    {
        var overlay = Overlay.Load(name);

        foreach (var configMap in overlay.Objects.Where(o => o.Kind == "ConfigMap"))
        {
            foreach (var (key, value) in configMap.Root.Values("data"))
            {
                Assert.False(LooksSecret(key), $"{configMap} holds {key}; it belongs in the Secret");
                Assert.DoesNotMatch(SecretLookingValue(), value);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void SecretKeys_AnyOverlay_AreExactlyTheKeysOfTheExampleEnvFile(string name)
    {
        var overlay = Overlay.Load(name);
        var referenced = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var workload in overlay.Objects.Where(o => o.Kind is "Deployment" or "Job"))
        {
            foreach (var variable in workload.Containers.Where(c => c.Has("env")).SelectMany(c => c.Maps("env")))
            {
                if (variable.MapOrNull("valueFrom")?.MapOrNull("secretKeyRef") is { } reference)
                {
                    referenced.Add(reference.Scalar("key"));
                }
            }
        }

        var example = File.ReadAllLines(RepositoryRoot.Combine("infra", "kubernetes", "secrets.env.example"))
            .Select(line => ExampleKey().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups[1].Value)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Equal(example.Order(StringComparer.Ordinal), referenced);
    }

    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void BootstrapToken_AnyOverlay_IsTheOnlyOptionalKey(string name)
    {
        var variables = Assert.Single(Overlay.Load(name).Deployment.Containers).Maps("env")
            .ToDictionary(v => v.Scalar("name"), v => v.Map("valueFrom").Map("secretKeyRef").ScalarOrNull("optional") == "true");

        Assert.Equal(["Admin__BootstrapToken"], variables.Where(v => v.Value).Select(v => v.Key));
    }

    private static bool LooksSecret(string name) =>
        name.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase) ||
        name.Contains("Secret", StringComparison.OrdinalIgnoreCase) ||
        name.Contains("Token", StringComparison.OrdinalIgnoreCase) ||
        name.Contains("Password", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9_]*)=")]
    private static partial Regex ExampleKey();

    [GeneratedRegex("(?i)(password|pwd|secret|token|key)\\s*=")]
    private static partial Regex SecretLookingValue();
}
