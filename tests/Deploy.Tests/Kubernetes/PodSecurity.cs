using YamlDotNet.RepresentationModel;

namespace AiGateway.Deploy.Tests.Kubernetes;

/// <summary>The restricted pod security the Deployment and the migration Job share.</summary>
public static class PodSecurity
{
    /// <summary>The "app" user of the mcr.microsoft.com/dotnet/aspnet image.</summary>
    public const string AppUserId = "1654";

    public static void AssertHardened(RenderedObject workload)
    {
        var pod = workload.PodSpec.Map("securityContext");
        Assert.Equal("true", pod.Scalar("runAsNonRoot"));
        Assert.Equal(AppUserId, pod.Scalar("runAsUser"));
        Assert.Equal("RuntimeDefault", pod.Map("seccompProfile").Scalar("type"));
        Assert.Equal("false", workload.PodSpec.Scalar("automountServiceAccountToken"));

        var tmpVolume = Assert.Single(workload.PodSpec.Maps("volumes"), v => v.Has("emptyDir")).Scalar("name");
        Assert.All(workload.Containers, container =>
        {
            var context = container.Map("securityContext");
            Assert.Equal("false", context.Scalar("allowPrivilegeEscalation"));
            Assert.Equal("true", context.Scalar("readOnlyRootFilesystem"));
            Assert.Equal(["ALL"], context.Map("capabilities").Seq("drop").Children.Select(c => ((YamlScalarNode)c).Value));
            Assert.NotEqual("0", context.ScalarOrNull("runAsUser") ?? AppUserId);

            // /tmp is the only writable mount; anything else (the key ring certificate) is mounted read-only.
            var writable = Assert.Single(container.Maps("volumeMounts"), m => m.ScalarOrNull("readOnly") != "true");
            Assert.Equal("/tmp", writable.Scalar("mountPath"));
            Assert.Equal(tmpVolume, writable.Scalar("name"));
        });
    }
}
