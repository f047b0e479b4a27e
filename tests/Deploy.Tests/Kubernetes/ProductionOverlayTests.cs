namespace AiGateway.Deploy.Tests.Kubernetes;

/// <summary>overlays/production: PostgreSQL and Redis, three replicas, migrations only by the Job.</summary>
public sealed class ProductionOverlayTests
{
    private readonly Overlay _overlay = Overlay.Load(Overlay.Production);

    [Fact]
    public void Deployment_Production_RunsThreeReplicas()
    {
        Assert.Equal("3", _overlay.Deployment.Spec.Scalar("replicas"));
    }

    [Fact]
    public void Image_Production_IsTheContosoRegistrysImage()
    {
        Assert.StartsWith("ghcr.io/contoso/ai-gateway:", Assert.Single(_overlay.Deployment.Containers).Scalar("image"), StringComparison.Ordinal);
    }

    [Fact]
    public void Settings_Production_UsePostgresAndRedisAndNeverMigrateAtStart()
    {
        var expected = new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Database__Provider"] = "Postgres",
            ["Database__MigrateOnStartup"] = "false",
            ["Quotas__Store"] = "Redis",
            ["Telemetry__Prometheus__Enabled"] = "true",
            ["OTEL_SERVICE_NAME"] = "ai-gateway",
        };

        Assert.All(expected, e => Assert.Equal(e.Value, _overlay.Settings.GetValueOrDefault(e.Key)));
    }

    [Fact]
    public void KeyRing_Production_EncryptedWithTheCertificateMountedReadOnlyFromItsSecret()
    {
        // Production refuses to start with an unprotected key ring: the settings must point into the mounted Secret.
        var volume = Assert.Single(_overlay.Deployment.PodSpec.Maps("volumes"), v => v.MapOrNull("secret")?.Scalar("secretName") == "ai-gateway-keyring");
        Assert.Equal("288", volume.Map("secret").Scalar("defaultMode")); // 0440: the app's group reads it, no one else.
        var mount = Assert.Single(Assert.Single(_overlay.Deployment.Containers).Maps("volumeMounts"), m => m.Scalar("name") == volume.Scalar("name"));
        Assert.Equal("true", mount.Scalar("readOnly"));

        var folder = mount.Scalar("mountPath") + "/";
        Assert.Equal(folder + "tls.crt", _overlay.Settings["DataProtection__Certificate__Path"]);
        Assert.Equal(folder + "tls.key", _overlay.Settings["DataProtection__Certificate__KeyPath"]);
        Assert.False(_overlay.Settings.ContainsKey("DataProtection__AllowUnprotectedKeyRing"));
    }
}
