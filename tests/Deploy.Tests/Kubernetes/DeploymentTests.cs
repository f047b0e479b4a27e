using YamlDotNet.RepresentationModel;

namespace AiGateway.Deploy.Tests.Kubernetes;

/// <summary>The ai-gateway Deployment: image, port, probes, security, rollout and shutdown.</summary>
public sealed class DeploymentTests
{
    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void Container_AnyOverlay_RunsTheOverlaysImageAndTag(string name)
    {
        var overlay = Overlay.Load(name);

        var container = Assert.Single(overlay.Deployment.Containers);
        Assert.Equal(overlay.Image, container.Scalar("image"));
        Assert.Matches(@"^[a-z0-9.\-]+(:[0-9]+)?/[a-z0-9./\-]+:[A-Za-z0-9._\-]+$", overlay.Image);
    }

    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void Container_AnyOverlay_ExposesPort8080NamedHttp(string name)
    {
        var container = Assert.Single(Overlay.Load(name).Deployment.Containers);

        var port = Assert.Single(container.Maps("ports"));
        Assert.Equal("http", port.Scalar("name"));
        Assert.Equal("8080", port.Scalar("containerPort"));
    }

    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void Probes_AnyOverlay_AskHealthzForLifeAndReadyzForTraffic(string name)
    {
        var container = Assert.Single(Overlay.Load(name).Deployment.Containers);

        AssertProbe(container, "startupProbe", "/healthz");
        AssertProbe(container, "livenessProbe", "/healthz");
        AssertProbe(container, "readinessProbe", "/readyz");
    }

    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void SecurityContext_AnyOverlay_RunsAsTheImagesNonRootUserWithNothingWritableButTmp(string name)
    {
        PodSecurity.AssertHardened(Overlay.Load(name).Deployment);
    }

    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void Resources_AnyOverlay_RequestAndLimitCpuAndMemory(string name)
    {
        var resources = Assert.Single(Overlay.Load(name).Deployment.Containers).Map("resources");

        foreach (var section in new[] { "requests", "limits" })
        {
            Assert.False(string.IsNullOrEmpty(resources.Map(section).ScalarOrNull("cpu")), $"resources.{section}.cpu");
            Assert.False(string.IsNullOrEmpty(resources.Map(section).ScalarOrNull("memory")), $"resources.{section}.memory");
        }
    }

    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void Strategy_AnyOverlay_AddsANewPodBeforeRemovingAnOldOne(string name)
    {
        var strategy = Overlay.Load(name).Deployment.Spec.Map("strategy");

        Assert.Equal("RollingUpdate", strategy.Scalar("type"));
        Assert.Equal("0", strategy.Map("rollingUpdate").Scalar("maxUnavailable"));
        Assert.Equal("1", strategy.Map("rollingUpdate").Scalar("maxSurge"));
    }

    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void Scheduling_AnyOverlay_SpreadsReplicasAcrossNodes(string name)
    {
        var deployment = Overlay.Load(name).Deployment;

        var byNode = Assert.Single(deployment.PodSpec.Maps("topologySpreadConstraints"),
            c => c.Scalar("topologyKey") == "kubernetes.io/hostname");
        Assert.Equal("1", byNode.Scalar("maxSkew"));
        Assert.Equal("DoNotSchedule", byNode.Scalar("whenUnsatisfiable"));
        Assert.Equal(deployment.Spec.Map("selector").Values("matchLabels"), byNode.Map("labelSelector").Values("matchLabels"));
    }

    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void Shutdown_AnyOverlay_GivesPreStopAndTheHostsShutdownTimeoutTimeBeforeSigkill(string name)
    {
        var overlay = Overlay.Load(name);
        var deployment = overlay.Deployment;
        var container = Assert.Single(deployment.Containers);

        var grace = int.Parse(deployment.PodSpec.Scalar("terminationGracePeriodSeconds"), System.Globalization.CultureInfo.InvariantCulture);
        var preStop = container.Map("lifecycle").Map("preStop").Map("exec").Seq("command").Children
            .Select(c => ((YamlScalarNode)c).Value).ToList();
        Assert.Equal("sleep", preStop[0]);
        var sleep = int.Parse(preStop[1]!, System.Globalization.CultureInfo.InvariantCulture);
        var shutdown = int.Parse(overlay.Settings["DOTNET_SHUTDOWNTIMEOUTSECONDS"], System.Globalization.CultureInfo.InvariantCulture);

        Assert.InRange(grace, 45, 120);
        Assert.True(sleep + shutdown < grace,
            $"preStop {sleep} s + shutdown timeout {shutdown} s must end before terminationGracePeriodSeconds {grace} s, or usage records are lost");
    }

    private static void AssertProbe(YamlMappingNode container, string probe, string path)
    {
        var get = container.Map(probe).Map("httpGet");
        Assert.Equal(path, get.Scalar("path"));
        Assert.Equal("http", get.Scalar("port"));
    }
}
