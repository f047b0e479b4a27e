namespace AiGateway.Deploy.Tests.Image;

/// <summary>
/// The published app started as Production refuses to run with settings that would leave it insecure, before it
/// touches the database, with one line that names the setting; and starts once they are right.
/// </summary>
[Collection(PublishedAppCollection.Name)]
public sealed class ProductionStartChecksTests(PublishedApp app) : IDisposable
{
    private readonly string _dataFolder = Path.Combine(Path.GetTempPath(), $"aigw-data-{Guid.NewGuid():N}");

    public void Dispose()
    {
        if (Directory.Exists(_dataFolder))
        {
            Directory.Delete(_dataFolder, recursive: true);
        }
    }

    [Fact]
    public async Task NoHashSecret_ExitsWithOneLineBeforeCreatingTheDatabase()
    {
        var settings = PublishedServer.ProductionSettings(_dataFolder);
        settings["Security__ApiKeyHashSecret"] = null;
        settings["DataProtection__AllowUnprotectedKeyRing"] = "true";

        var result = await app.RunAsync([], settings);

        AssertRefusedWithOneLine(result, "Security:ApiKeyHashSecret");
        Assert.False(File.Exists(Path.Combine(_dataFolder, "portal.db")), "The database was created before the check refused to start.");
    }

    [Fact]
    public async Task HashSecretTooShort_ExitsWithOneLine()
    {
        var settings = PublishedServer.ProductionSettings(_dataFolder);
        settings["Security__ApiKeyHashSecret"] = Convert.ToBase64String(new byte[8]);
        settings["DataProtection__AllowUnprotectedKeyRing"] = "true";

        AssertRefusedWithOneLine(await app.RunAsync([], settings), "Security:ApiKeyHashSecret");
    }

    [Fact]
    public async Task UnprotectedKeyRing_RefusedWithOneLineNamingTheSettings()
    {
        var result = await app.RunAsync([], PublishedServer.ProductionSettings(_dataFolder));

        AssertRefusedWithOneLine(result, "DataProtection:Certificate:Path");
        Assert.Contains("DataProtection:AllowUnprotectedKeyRing", result.StandardError, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dataFolder, "portal.db")), "The database was created before the check refused to start.");
    }

    [Fact]
    public async Task CertificateFileThatDoesNotExist_RefusedWithOneLine()
    {
        var settings = PublishedServer.ProductionSettings(_dataFolder);
        settings["DataProtection__Certificate__Path"] = Path.Combine(_dataFolder, "missing.pfx");

        AssertRefusedWithOneLine(await app.RunAsync([], settings), "DataProtection:Certificate:Path");
    }

    [Fact]
    public async Task KeyRingCertificate_StartsHealthyAndSaysTheRingIsProtected()
    {
        using var certificate = new KeyRingCertificateFile();
        await using var server = await PublishedServer.StartAsync(app, new Dictionary<string, string?>
        {
            ["DataProtection__Certificate__Path"] = certificate.Path,
            ["DataProtection__Certificate__Password"] = certificate.Password,
        });
        using var http = new HttpClient { BaseAddress = server.Address };

        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        Assert.Contains("key ring is protected with a certificate file", server.Log.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(certificate.Password, server.Log.ToString(), StringComparison.Ordinal);
    }

    private static void AssertRefusedWithOneLine(DotnetResult result, string setting)
    {
        Assert.True(result.ExitCode == 1, $"Exit code {result.ExitCode}:\n{result.Tail()}");
        var error = result.StandardError.Trim();
        Assert.StartsWith("Refusing to start: ", error, StringComparison.Ordinal);
        Assert.Contains(setting, error, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain("   at ", result.StandardOutput + result.StandardError, StringComparison.Ordinal);
    }
}
