namespace AiGateway.Deploy.Tests.Azure;

/// <summary>Key Vault, Azure SQL and Azure Managed Redis: Entra ID and TLS, secrets where the app reads them.</summary>
[Collection(AzureTemplatesCollection.Name)]
public sealed class DataServicesTests(AzureTemplates templates)
{
    private const string Secrets = "Microsoft.KeyVault/vaults/secrets";

    [Fact]
    public void KeyVault_Access_IsAzureRbacWithSoftDeleteAndPurgeProtection()
    {
        var properties = templates.Defaults.One("Microsoft.KeyVault/vaults")["properties"]!;

        Assert.True((bool)properties["enableRbacAuthorization"]!);
        Assert.True((bool)properties["enableSoftDelete"]!);
        Assert.True((bool)properties["enablePurgeProtection"]!);
    }

    [Fact]
    public void KeyVault_Secrets_AreTheOnesTheAppReads()
    {
        string[] always = ["api-key-hash-secret", "appinsights-connection-string", "redis-connection"];

        Assert.Equal(always.Order(StringComparer.Ordinal), Names(templates.Defaults));
        Assert.Equal([.. always.Append("bootstrap-token").Order(StringComparer.Ordinal)], Names(templates.Customized));
        Assert.Equal(AzureTemplates.ApiKeyHashSecret,
            (string?)templates.Defaults.Child(Secrets, "api-key-hash-secret")["properties"]!["value"]);
        Assert.Equal(AzureTemplates.BootstrapToken,
            (string?)templates.Customized.Child(Secrets, "bootstrap-token")["properties"]!["value"]);

        static IEnumerable<string> Names(TemplateSnapshot snapshot) =>
            snapshot.OfType(Secrets).Select(s => ((string)s["name"]!).Split('/')[1]).Order(StringComparer.Ordinal);
    }

    [Fact]
    public void KeyVault_RedisConnection_IsStackExchangeRedisSyntaxOverTls()
    {
        var value = (string)templates.Defaults.Child(Secrets, "redis-connection")["properties"]!["value"]!;

        Assert.Matches(@"^<runtime reference\(.+\.hostName>:10000,password=<runtime listKeys\(.+\.primaryKey>,ssl=True,abortConnect=False$", value);
    }

    [Fact]
    public void KeyVault_KeyRingCertificate_ReadableByTheIdentityWithItsPrivateKey()
    {
        var vault = templates.Defaults.One("Microsoft.KeyVault/vaults");

        // The app downloads the key ring certificate with its private key (the certificate's secret) at start.
        Assert.True(RoleAssignments.IsOn(RoleAssignments.ToIdentity(templates.Defaults, RoleAssignments.KeyVaultCertificateUser), vault));
        Assert.True(RoleAssignments.IsOn(RoleAssignments.ToIdentity(templates.Defaults, RoleAssignments.KeyVaultSecretsUser), vault));
        // Nothing wraps with a Key Vault key any more, so the identity gets no cryptographic rights it does not use.
        Assert.Empty(RoleAssignments.Of(templates.Defaults, RoleAssignments.KeyVaultCryptoUser));
        Assert.Empty(templates.Defaults.OfType("Microsoft.KeyVault/vaults/keys"));
    }

    [Fact]
    public void SqlServer_Authentication_IsEntraOnlyWithTheIdentityAsAdmin()
    {
        var properties = templates.Defaults.One("Microsoft.Sql/servers")["properties"]!;
        var admin = properties["administrators"]!;

        Assert.True((bool)admin["azureADOnlyAuthentication"]!);
        Assert.Equal("ActiveDirectory", (string?)admin["administratorType"]);
        Assert.Equal("Application", (string?)admin["principalType"]);
        Assert.Equal("aigw-id", (string?)admin["login"]);
        Assert.Contains($"'{AppContainer.IdentityId}'", (string)admin["sid"]!, StringComparison.Ordinal);
        Assert.Equal("1.2", (string?)properties["minimalTlsVersion"]);
        Assert.Null(properties["administratorLoginPassword"]);
        Assert.Equal("S1", (string?)templates.Defaults.Child("Microsoft.Sql/servers/databases", "aigateway")["sku"]!["name"]);
    }

    [Fact]
    public void Redis_Database_AcceptsTlsOnlyOnPort10000()
    {
        var properties = templates.Defaults.One("Microsoft.Cache/redisEnterprise/databases")["properties"]!;

        Assert.Equal("Encrypted", (string?)properties["clientProtocol"]);
        Assert.Equal(10000, (int)properties["port"]!);
        Assert.Equal("1.2", (string?)templates.Defaults.One("Microsoft.Cache/redisEnterprise")["properties"]!["minimumTlsVersion"]);
    }
}
