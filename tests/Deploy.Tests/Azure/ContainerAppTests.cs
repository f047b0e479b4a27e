using System.Text.Json.Nodes;

namespace AiGateway.Deploy.Tests.Azure;

/// <summary>The app's container app as an operator relies on it: replicas, ingress, probes, settings and secrets.</summary>
[Collection(AzureTemplatesCollection.Name)]
public sealed class ContainerAppTests(AzureTemplates templates)
{
    private const string ContainerApps = "Microsoft.App/containerApps";

    private static readonly string[] SecretSettings =
        ["ConnectionStrings__Redis", "Security__ApiKeyHashSecret", "APPLICATIONINSIGHTS_CONNECTION_STRING"];

    [Fact]
    public void ContainerApp_ByDefault_KeepsThreeReplicasAndScalesOnHttpConcurrency()
    {
        var scale = templates.Defaults.One(ContainerApps)["properties"]!["template"]!["scale"]!;

        Assert.Equal(3, (int)scale["minReplicas"]!);
        Assert.Equal(10, (int)scale["maxReplicas"]!);
        var rule = Assert.Single(scale["rules"]!.AsArray())!;
        Assert.Equal("100", (string?)rule["http"]!["metadata"]!["concurrentRequests"]);
    }

    [Fact]
    public void ContainerApp_Ingress_IsExternalHttpsOnPort8080WithStickySessions()
    {
        var ingress = templates.Defaults.One(ContainerApps)["properties"]!["configuration"]!["ingress"]!;

        Assert.True((bool)ingress["external"]!);
        Assert.Equal(8080, (int)ingress["targetPort"]!);
        Assert.False((bool)ingress["allowInsecure"]!);
        Assert.Equal("sticky", (string?)ingress["stickySessions"]!["affinity"]);
    }

    [Fact]
    public void ContainerApp_Probes_CheckHealthzForLifeAndReadyzForTraffic()
    {
        var probes = AppContainer.Of(templates.Defaults.One(ContainerApps))["probes"]!.AsArray()
            .ToDictionary(p => (string)p!["type"]!, p => p!["httpGet"]!);

        Assert.Equal(["Liveness", "Readiness", "Startup"], probes.Keys.Order());
        Assert.Equal("/healthz", (string?)probes["Liveness"]["path"]);
        Assert.Equal("/readyz", (string?)probes["Readiness"]["path"]);
        Assert.Equal("/healthz", (string?)probes["Startup"]["path"]);
        Assert.All(probes.Values, p => Assert.Equal(8080, (int)p["port"]!));
    }

    [Fact]
    public void ContainerApp_Container_RunsTheImageAsTheIdentity()
    {
        var app = templates.Defaults.One(ContainerApps);

        Assert.Equal(AzureTemplates.Image, (string?)AppContainer.Of(app)["image"]);
        Assert.Equal("UserAssigned", (string?)app["identity"]!["type"]);
        Assert.Equal([AppContainer.IdentityId], app["identity"]!["userAssignedIdentities"]!.AsObject().Select(p => p.Key));
        Assert.Empty(app["properties"]!["configuration"]!["registries"]!.AsArray());
    }

    [Fact]
    public void ContainerApp_Environment_RunsProductionOnSqlServerAndRedisWithoutMigrating()
    {
        var env = AppContainer.Environment(templates.Defaults.One(ContainerApps));

        Assert.Equal("Production", env.Value("ASPNETCORE_ENVIRONMENT"));
        Assert.Equal("SqlServer", env.Value("Database__Provider"));
        Assert.Equal("false", env.Value("Database__MigrateOnStartup"));
        Assert.Equal("Redis", env.Value("Quotas__Store"));
        Assert.Equal("false", env.Value("Telemetry__Prometheus__Enabled"));
        var clientId = env.Value("AZURE_CLIENT_ID");
        Assert.True(ArmExpression.IsRuntime(JsonValue.Create(clientId)));
        Assert.Contains($"'{AppContainer.IdentityId}'", clientId, StringComparison.Ordinal);
        Assert.EndsWith(".clientId>", clientId, StringComparison.Ordinal);
    }

    [Fact]
    public void ContainerApp_KeyRing_ProtectedWithTheKeyVaultCertificate()
    {
        var vault = templates.Defaults.One("Microsoft.KeyVault/vaults");
        foreach (var workload in new[] { templates.Defaults.One(ContainerApps), templates.Defaults.One("Microsoft.App/jobs") })
        {
            var env = AppContainer.Environment(workload);

            Assert.Equal($"https://{(string)vault["name"]!}.vault.azure.net/", env.Value("DataProtection__KeyVault__VaultUri"));
            Assert.Equal("dataprotection-keyring", env.Value("DataProtection__KeyVault__CertificateName"));
            Assert.DoesNotContain("DataProtection__AllowUnprotectedKeyRing", env.Keys);
        }
    }

    [Fact]
    public void ContainerApp_DatabaseConnection_SignsInAsTheManagedIdentity()
    {
        var env = AppContainer.Environment(templates.Defaults.One(ContainerApps));
        var connection = env.Value("ConnectionStrings__Portal")!;

        Assert.StartsWith("Server=tcp:<runtime ", connection, StringComparison.Ordinal);
        Assert.Contains(",1433;Database=aigateway;Authentication=Active Directory Managed Identity;User Id=", connection, StringComparison.Ordinal);
        Assert.Contains(env.Value("AZURE_CLIENT_ID")!, connection, StringComparison.Ordinal);
        Assert.EndsWith(";Encrypt=True", connection, StringComparison.Ordinal);
        Assert.DoesNotContain("Password", connection, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ContainerApp_SecretSettings_ComeFromSecretRefsOnly(bool customized)
    {
        var app = (customized ? templates.Customized : templates.Defaults).One(ContainerApps);
        var env = AppContainer.Environment(app);
        var secretNames = AppContainer.Secrets(app).Select(s => (string)s["name"]!).ToHashSet();

        foreach (var name in customized ? [.. SecretSettings, "Admin__BootstrapToken"] : SecretSettings)
        {
            var variable = Assert.Contains(name, env);
            Assert.Null(variable["value"]);
            Assert.Contains((string)variable["secretRef"]!, secretNames);
        }

        // Each variable is either a plain value or a secret reference, never both.
        Assert.All(env.Values, v => Assert.True(v["value"] is null ^ v["secretRef"] is null, v.ToJsonString()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ContainerApp_Secrets_AreKeyVaultReferencesReadWithTheIdentity(bool customized)
    {
        var secrets = AppContainer.Secrets((customized ? templates.Customized : templates.Defaults).One(ContainerApps));

        Assert.NotEmpty(secrets);
        Assert.All(secrets, secret =>
        {
            Assert.Null(secret["value"]);
            Assert.Equal(AppContainer.IdentityId, (string?)secret["identity"]);
            var url = (string)secret["keyVaultUrl"]!;
            Assert.StartsWith("<runtime reference(", url, StringComparison.Ordinal);
            Assert.Contains("keyVault", url, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void ContainerApp_WithoutBootstrapToken_HasNoBootstrapSetting()
    {
        var app = templates.Defaults.One(ContainerApps);

        Assert.DoesNotContain("Admin__BootstrapToken", AppContainer.Environment(app).Keys);
        Assert.DoesNotContain(AppContainer.Secrets(app), s => (string?)s["name"] == "bootstrap-token");
        Assert.DoesNotContain(templates.Defaults.OfType("Microsoft.KeyVault/vaults/secrets"),
            s => ((string)s["name"]!).EndsWith("/bootstrap-token", StringComparison.Ordinal));
    }

    [Fact]
    public void ContainerApp_WithRegistry_PullsWithTheIdentityWhichHasAcrPull()
    {
        var registry = Assert.Single(templates.Customized.One(ContainerApps)["properties"]!["configuration"]!["registries"]!.AsArray())!;

        Assert.Equal($"{AzureTemplates.RegistryName}.azurecr.io", (string?)registry["server"]);
        Assert.Equal(AppContainer.IdentityId, (string?)registry["identity"]);
        var acrPull = RoleAssignments.ToIdentity(templates.Customized, RoleAssignments.AcrPull);
        Assert.Contains($"/registries/{AzureTemplates.RegistryName}/providers/", (string)acrPull["id"]!, StringComparison.Ordinal);
        Assert.Empty(RoleAssignments.Of(templates.Defaults, RoleAssignments.AcrPull));
    }
}
