using AiGateway.Shared.Tests.Infrastructure;

namespace AiGateway.Shared.Tests.Model;

public sealed class DeploymentTests
{
    [Theory]
    [InlineData(true, true, true)]
    [InlineData(false, true, false)]
    [InlineData(true, false, false)]
    [InlineData(false, false, false)]
    public void CanTakeTraffic_OnlyWhenItAndItsBackendAreEnabled(bool deploymentEnabled, bool backendEnabled, bool expected)
    {
        var backend = SampleData.Backend();
        backend.Enabled = backendEnabled;
        var deployment = SampleData.Deployment(backend, "gpt-4o");
        deployment.Enabled = deploymentEnabled;

        Assert.Equal(expected, deployment.CanTakeTraffic());
    }

    [Fact]
    public void CanTakeTraffic_BackendNotLoaded_DependsOnTheDeploymentAlone()
    {
        var deployment = SampleData.Deployment(SampleData.Backend(), "gpt-4o");
        deployment.Backend = null;

        Assert.True(deployment.CanTakeTraffic());
        deployment.Enabled = false;
        Assert.False(deployment.CanTakeTraffic());
    }
}
