using YamlDotNet.RepresentationModel;

namespace AiGateway.Deploy.Tests.Kubernetes;

/// <summary>The Service, the Ingress, the PodDisruptionBudget and the ServiceMonitor find the Deployment's pods.</summary>
public sealed class TrafficTests
{
    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void Service_AnyOverlay_SendsPort80ToTheHttpPortOfTheDeploymentsPods(string name)
    {
        var overlay = Overlay.Load(name);
        var service = overlay.Service;

        Assert.Equal("ClusterIP", service.Spec.Scalar("type"));
        AssertSelects(service.Spec.Values("selector"), overlay.Deployment);
        var port = Assert.Single(service.Spec.Maps("ports"));
        Assert.Equal("80", port.Scalar("port"));
        Assert.Equal("http", port.Scalar("targetPort"));
        Assert.Equal("http", port.Scalar("name"));
    }

    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void Ingress_AnyOverlay_KeepsABrowserOnItsReplicaWithACookie(string name)
    {
        var ingress = Overlay.Load(name).OnlyOfKind("Ingress");

        // The Blazor Server portal keeps a circuit on the replica that opened it.
        Assert.Equal("cookie", ingress.Annotations["nginx.ingress.kubernetes.io/affinity"]);
        Assert.Equal("persistent", ingress.Annotations["nginx.ingress.kubernetes.io/affinity-mode"]);
        Assert.False(string.IsNullOrEmpty(ingress.Annotations.GetValueOrDefault("nginx.ingress.kubernetes.io/session-cookie-name")));
        // Streamed completions must not wait in nginx's buffers.
        Assert.Equal("off", ingress.Annotations["nginx.ingress.kubernetes.io/proxy-buffering"]);
    }

    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void Ingress_AnyOverlay_RoutesEveryPathToTheServicesHttpPort(string name)
    {
        var overlay = Overlay.Load(name);
        var ingress = overlay.OnlyOfKind("Ingress");

        var rule = Assert.Single(ingress.Spec.Maps("rules"));
        var path = Assert.Single(rule.Map("http").Maps("paths"));
        Assert.Equal("/", path.Scalar("path"));
        Assert.Equal("Prefix", path.Scalar("pathType"));
        var backend = path.Map("backend").Map("service");
        Assert.Equal(overlay.Service.Name, backend.Scalar("name"));
        Assert.Equal("http", backend.Map("port").Scalar("name"));
        var tls = Assert.Single(ingress.Spec.Maps("tls"));
        Assert.Contains(rule.Scalar("host"), tls.Seq("hosts").Children.Select(h => ((YamlScalarNode)h).Value));
        Assert.DoesNotContain("example.com", rule.Scalar("host"), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void PodDisruptionBudget_AnyOverlay_SelectsTheDeploymentsPodsAndKeepsMostOfThem(string name)
    {
        var overlay = Overlay.Load(name);
        var budget = overlay.OnlyOfKind("PodDisruptionBudget");

        AssertSelects(budget.Spec.Map("selector").Values("matchLabels"), overlay.Deployment);
        Assert.False(Selects(budget.Spec.Map("selector").Values("matchLabels"), overlay.MigrationJob.PodLabels));
        Assert.Equal("1", budget.Spec.Scalar("maxUnavailable"));
    }

    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void ServiceMonitor_AnyOverlay_ScrapesMetricsThroughTheServiceWithTheScrapeToken(string name)
    {
        var overlay = Overlay.Load(name);
        var monitor = overlay.OnlyOfKind("ServiceMonitor");

        Assert.Equal("monitoring.coreos.com/v1", monitor.Root.Scalar("apiVersion"));
        var selector = monitor.Spec.Map("selector").Values("matchLabels");
        Assert.NotEmpty(selector);
        Assert.All(selector, l => Assert.Equal(l.Value, overlay.Service.Labels.GetValueOrDefault(l.Key)));
        var endpoint = Assert.Single(monitor.Spec.Maps("endpoints"));
        Assert.Equal("/metrics", endpoint.Scalar("path"));
        Assert.Equal(Assert.Single(overlay.Service.Spec.Maps("ports")).Scalar("name"), endpoint.Scalar("port"));
        var authorization = endpoint.Map("authorization");
        Assert.Equal("Bearer", authorization.Scalar("type"));
        Assert.Equal(Overlay.SecretName, authorization.Map("credentials").Scalar("name"));
        Assert.Equal("Telemetry__Prometheus__ScrapeToken", authorization.Map("credentials").Scalar("key"));
        Assert.Equal("true", overlay.Settings["Telemetry__Prometheus__Enabled"]);
    }

    /// <summary>The selector is the Deployment's own, so it picks exactly the Deployment's pods.</summary>
    private static void AssertSelects(IReadOnlyDictionary<string, string> selector, RenderedObject deployment)
    {
        Assert.NotEmpty(selector);
        Assert.Equal(deployment.Spec.Map("selector").Values("matchLabels"), selector);
        Assert.True(Selects(selector, deployment.PodLabels), "the selector misses the Deployment's pod labels");
    }

    private static bool Selects(IReadOnlyDictionary<string, string> selector, IReadOnlyDictionary<string, string> labels) =>
        selector.All(l => labels.TryGetValue(l.Key, out var value) && value == l.Value);
}
