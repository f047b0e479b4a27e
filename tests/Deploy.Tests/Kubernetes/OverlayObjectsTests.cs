namespace AiGateway.Deploy.Tests.Kubernetes;

/// <summary>What every overlay renders, and the subset the migration step applies before the Deployment.</summary>
public sealed class OverlayObjectsTests
{
    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void Render_AnyOverlay_HasEveryObjectTheReadmeNames(string name)
    {
        var overlay = Overlay.Load(name);

        string[] expected =
        [
            "ConfigMap/ai-gateway-config", "Deployment/ai-gateway", "Ingress/ai-gateway", "Job/ai-gateway-migrate",
            "PodDisruptionBudget/ai-gateway", "Service/ai-gateway", "ServiceAccount/ai-gateway", "ServiceMonitor/ai-gateway",
        ];
        Assert.Equal(expected, overlay.Objects.Select(o => o.ToString()).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void Render_AnyOverlay_PutsEveryObjectInTheOverlaysNamespace(string name)
    {
        var overlay = Overlay.Load(name);

        Assert.Equal("ai-gateway", overlay.Namespace);
        Assert.All(overlay.Objects, o => Assert.Equal(overlay.Namespace, o.Namespace));
    }

    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void MigrationStep_AnyOverlay_SelectsTheJobAndWhatItNeedsButNotTheDeployment(string name)
    {
        // The README's first release step is "kubectl apply -k <overlay> -l release-step=migrate".
        var overlay = Overlay.Load(name);

        var step = overlay.Objects.Where(o => o.Labels.GetValueOrDefault("release-step") == "migrate").ToList();

        Assert.Equal(
            ["ConfigMap/ai-gateway-config", "Job/ai-gateway-migrate", "ServiceAccount/ai-gateway"],
            step.Select(o => o.ToString()).Order(StringComparer.Ordinal));
        var job = overlay.MigrationJob;
        Assert.Contains(step, o => o.Kind == "ServiceAccount" && o.Name == job.PodSpec.Scalar("serviceAccountName"));
        Assert.All(job.Containers.SelectMany(c => c.Maps("envFrom")),
            source => Assert.Contains(step, o => o.Kind == "ConfigMap" && o.Name == source.Map("configMapRef").Scalar("name")));
    }
}
