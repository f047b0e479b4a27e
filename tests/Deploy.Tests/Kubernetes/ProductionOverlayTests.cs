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
}
