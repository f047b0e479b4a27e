using AiGateway.Shared.Data;
using AiGateway.Shared.Security;
using AiGateway.Shared.Tests.Infrastructure;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AiGateway.Shared.Tests.Security;

/// <summary>
/// The Data Protection key ring in the database, protected with a certificate: its rows hold only encrypted keys, a
/// copy of the database alone decrypts nothing, and after a rotation the old certificate still reads the old keys.
/// </summary>
public sealed class KeyRingProtectionTests : IAsyncLifetime
{
    private const string BackendKey = "sk-backend-secret-0123456789";
    private readonly TestCertificate _first = new("aigw key ring 1");
    private readonly TestCertificate _second = new("aigw key ring 2");
    private TestDatabase _database = null!;

    public async ValueTask InitializeAsync() => _database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        _first.Dispose();
        _second.Dispose();
    }

    [Fact]
    public async Task WithCertificate_KeyRingRowsHoldOnlyEncryptedKeys()
    {
        using var host = Services(Pfx(_first));
        var ciphertext = host.GetRequiredService<BackendSecretProtector>().Protect(BackendKey);

        var rows = await KeyRingRowsAsync();
        Assert.NotEmpty(rows);
        Assert.All(rows, xml =>
        {
            Assert.Contains("encryptedSecret", xml, StringComparison.Ordinal);
            Assert.DoesNotContain("<masterKey", xml, StringComparison.Ordinal);
        });
        Assert.Equal(BackendKey, host.GetRequiredService<BackendSecretProtector>().TryUnprotect(ciphertext));
        Assert.Equal(_first.Thumbprint, host.GetRequiredService<KeyRingProtectionStatus>().Current?.Thumbprint);
    }

    [Fact]
    public async Task WithoutCertificate_KeyRingRowsArePlainText()
    {
        // What the start-up check refuses in Production: the master key sits in the row as it is.
        using var host = Services([]);
        host.GetRequiredService<BackendSecretProtector>().Protect(BackendKey);

        Assert.Contains(await KeyRingRowsAsync(), xml => xml.Contains("<masterKey", StringComparison.Ordinal));
        Assert.False(host.GetRequiredService<KeyRingProtectionStatus>().IsProtected);
    }

    [Fact]
    public void DatabaseCopyAlone_CannotReadABackendKey()
    {
        string ciphertext;
        using (var writer = Services(Pfx(_first)))
        {
            ciphertext = writer.GetRequiredService<BackendSecretProtector>().Protect(BackendKey);
        }

        // Same database, same application name, no certificate: what someone holding a database copy has.
        using var thief = Services([]);
        Assert.Null(thief.GetRequiredService<BackendSecretProtector>().TryUnprotect(ciphertext));

        // The wrong certificate is no better.
        using var other = Services(Pfx(_second));
        Assert.Null(other.GetRequiredService<BackendSecretProtector>().TryUnprotect(ciphertext));
    }

    [Fact]
    public void PemCertificateAndKey_ProtectAndReadBack()
    {
        string ciphertext;
        using (var writer = Services(new() { ["DataProtection:Certificate:Path"] = _first.PemPath, ["DataProtection:Certificate:KeyPath"] = _first.KeyPemPath }))
        {
            ciphertext = writer.GetRequiredService<BackendSecretProtector>().Protect(BackendKey);
        }

        // The PFX of the same certificate reads what the PEM files wrote: only the key pair matters.
        using var reader = Services(Pfx(_first));
        Assert.Equal(BackendKey, reader.GetRequiredService<BackendSecretProtector>().TryUnprotect(ciphertext));
    }

    [Fact]
    public async Task Rotation_OldCertificateListedAsAdditional_StillDecryptsAndNewKeysUseTheNewCertificate()
    {
        string before;
        using (var old = Services(Pfx(_first)))
        {
            before = old.GetRequiredService<BackendSecretProtector>().Protect(BackendKey);
        }

        var rotated = Pfx(_second);
        rotated["DataProtection:AdditionalDecryptionCertificates:0:Path"] = _first.PfxPath;
        rotated["DataProtection:AdditionalDecryptionCertificates:0:Password"] = TestCertificate.Password;
        using (var current = Services(rotated))
        {
            Assert.Equal(BackendKey, current.GetRequiredService<BackendSecretProtector>().TryUnprotect(before));

            // A key created now (as the ring does before the current one expires) is wrapped with the new certificate.
            current.GetRequiredService<IKeyManager>().CreateNewKey(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90));
        }

        var rows = await KeyRingRowsAsync();
        Assert.Equal(2, rows.Count);
        Assert.Single(rows, xml => xml.Contains(_first.CertificateBase64, StringComparison.Ordinal) && !xml.Contains(_second.CertificateBase64, StringComparison.Ordinal));
        Assert.Single(rows, xml => xml.Contains(_second.CertificateBase64, StringComparison.Ordinal) && !xml.Contains(_first.CertificateBase64, StringComparison.Ordinal));

        // Without the old certificate, what the old key protected cannot be read: it must stay listed.
        using var withoutOld = Services(Pfx(_second));
        Assert.Null(withoutOld.GetRequiredService<BackendSecretProtector>().TryUnprotect(before));
    }

    [Fact]
    public void MissingCertificateFile_ReportedAsAProblemNamingTheSetting()
    {
        using var host = Services(new() { ["DataProtection:Certificate:Path"] = Path.Combine(Path.GetTempPath(), $"missing-{Guid.NewGuid():N}.pfx") });

        var problem = StartupSettingsCheck.KeyRingProblem(host);

        Assert.NotNull(problem);
        Assert.Contains("DataProtection:Certificate:Path", problem, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', problem);
    }

    [Fact]
    public void WrongPfxPassword_ReportedAsAProblemNamingTheSetting()
    {
        var settings = Pfx(_first);
        settings["DataProtection:Certificate:Password"] = "not the password";
        using var host = Services(settings);

        Assert.Contains("DataProtection:Certificate:Password", StartupSettingsCheck.KeyRingProblem(host), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Production", null, true)]
    [InlineData("Production", "true", false)]
    [InlineData("Development", null, false)]
    public void Unprotected_RefusedOnlyInProductionWithoutTheOptOut(string environment, string? allow, bool refused)
    {
        using var host = Services(new() { ["DataProtection:AllowUnprotectedKeyRing"] = allow }, environment);

        Assert.Equal(refused, StartupSettingsCheck.KeyRingProblem(host) is not null);
    }

    private static Dictionary<string, string?> Pfx(TestCertificate certificate) => new()
    {
        ["DataProtection:Certificate:Path"] = certificate.PfxPath,
        ["DataProtection:Certificate:Password"] = TestCertificate.Password,
    };

    private ServiceProvider Services(Dictionary<string, string?> settings, string environment = "Production")
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = environment });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Database:Provider"] = "Sqlite",
            ["ConnectionStrings:Portal"] = _database.ConnectionString,
            ["Security:ApiKeyHashSecret"] = Convert.ToBase64String(new byte[32]),
        });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddGatewayData();
        return builder.Services.BuildServiceProvider();
    }

    private async Task<List<string>> KeyRingRowsAsync()
    {
        await using var db = _database.CreateDbContext();
        return await db.DataProtectionKeys.Select(k => k.Xml ?? "").ToListAsync();
    }
}
