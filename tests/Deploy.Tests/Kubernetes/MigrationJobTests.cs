using YamlDotNet.RepresentationModel;

namespace AiGateway.Deploy.Tests.Kubernetes;

/// <summary>The Job that applies the schema once per release, with the replicas' image and settings.</summary>
public sealed class MigrationJobTests
{
    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void Container_AnyOverlay_RunsMigrateOnTheDeploymentsImage(string name)
    {
        var overlay = Overlay.Load(name);

        var container = Assert.Single(overlay.MigrationJob.Containers);
        Assert.Equal(overlay.Image, container.Scalar("image"));
        Assert.Equal(Assert.Single(overlay.Deployment.Containers).Scalar("image"), container.Scalar("image"));
        Assert.Equal(["migrate"], container.Seq("args").Children.Select(a => ((YamlScalarNode)a).Value));
        // The image's entrypoint (dotnet AiGateway.Portal.dll) must stay: a command would replace it.
        Assert.False(container.Has("command"));
    }

    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void Settings_AnyOverlay_AreTheDeploymentsSettings(string name)
    {
        var overlay = Overlay.Load(name);
        var job = Assert.Single(overlay.MigrationJob.Containers);
        var deployment = Assert.Single(overlay.Deployment.Containers);

        Assert.Equal(Describe(deployment.Seq("envFrom")), Describe(job.Seq("envFrom")));
        Assert.Equal(Describe(deployment.Seq("env")), Describe(job.Seq("env")));
        Assert.Equal(overlay.Deployment.PodSpec.Scalar("serviceAccountName"), overlay.MigrationJob.PodSpec.Scalar("serviceAccountName"));
    }

    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void Job_AnyOverlay_RunsToCompletionWithoutRestartingInPlaceAndCleansUp(string name)
    {
        var job = Overlay.Load(name).MigrationJob;

        Assert.Equal("Never", job.PodSpec.Scalar("restartPolicy"));
        Assert.InRange(int.Parse(job.Spec.Scalar("backoffLimit"), System.Globalization.CultureInfo.InvariantCulture), 0, 5);
        Assert.True(int.Parse(job.Spec.Scalar("ttlSecondsAfterFinished"), System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void SecurityContext_AnyOverlay_IsTheDeploymentsHardening(string name)
    {
        PodSecurity.AssertHardened(Overlay.Load(name).MigrationJob);
    }

    [Theory]
    [MemberData(nameof(Overlay.All), MemberType = typeof(Overlay))]
    public void Pods_AnyOverlay_AreNotSelectedByTheService(string name)
    {
        var overlay = Overlay.Load(name);

        var selector = overlay.Service.Spec.Values("selector");
        Assert.NotEmpty(selector);
        Assert.False(selector.All(l => overlay.MigrationJob.PodLabels.GetValueOrDefault(l.Key) == l.Value),
            "the Service would send traffic to the migration pod");
    }

    private static string Describe(YamlSequenceNode node)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
