namespace AiGateway.Deploy.Tests.Kubernetes;

/// <summary>overlays/azure: Azure SQL through AKS workload identity, three replicas, the application routing add-on.</summary>
public sealed class AzureOverlayTests
{
    private const string UseWorkloadIdentity = "azure.workload.identity/use";

    private readonly Overlay _overlay = Overlay.Load(Overlay.Azure);

    [Fact]
    public void Deployment_Azure_RunsThreeReplicas()
    {
        Assert.Equal("3", _overlay.Deployment.Spec.Scalar("replicas"));
    }

    [Fact]
    public void Settings_Azure_UseSqlServerAndRedisAndNeverMigrateAtStart()
    {
        Assert.Equal("SqlServer", _overlay.Settings["Database__Provider"]);
        Assert.Equal("false", _overlay.Settings["Database__MigrateOnStartup"]);
        Assert.Equal("Redis", _overlay.Settings["Quotas__Store"]);
    }

    [Fact]
    public void WorkloadIdentity_Azure_ReachesTheReplicasAndTheMigrationJob()
    {
        Assert.Equal("true", _overlay.Deployment.PodLabels.GetValueOrDefault(UseWorkloadIdentity));
        Assert.Equal("true", _overlay.MigrationJob.PodLabels.GetValueOrDefault(UseWorkloadIdentity));

        var account = _overlay.Named("ServiceAccount", _overlay.Deployment.PodSpec.Scalar("serviceAccountName"));
        Assert.Matches("^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", account.Annotations["azure.workload.identity/client-id"]);
    }

    [Fact]
    public void Ingress_Azure_UsesTheApplicationRoutingAddOn()
    {
        Assert.Equal("webapprouting.kubernetes.azure.com", _overlay.OnlyOfKind("Ingress").Spec.Scalar("ingressClassName"));
    }

    [Fact]
    public void Selectors_Azure_LeaveTheWorkloadIdentityLabelOutOfTheDeploymentSelector()
    {
        // A selector is immutable: adding the label there would make the overlay impossible to apply over the base.
        Assert.False(_overlay.Deployment.Spec.Map("selector").Values("matchLabels").ContainsKey(UseWorkloadIdentity));
    }

    [Fact]
    public void KeyRing_Azure_EncryptedWithAKeyVaultCertificate()
    {
        Assert.StartsWith("https://", _overlay.Settings["DataProtection__KeyVault__VaultUri"], StringComparison.Ordinal);
        Assert.False(string.IsNullOrWhiteSpace(_overlay.Settings["DataProtection__KeyVault__CertificateName"]));
        Assert.False(_overlay.Settings.ContainsKey("DataProtection__Certificate__Path"));
        Assert.False(_overlay.Settings.ContainsKey("DataProtection__AllowUnprotectedKeyRing"));
    }
}
