using System.Net;
using System.Reflection.PortableExecutable;

namespace AiGateway.Deploy.Tests.Image;

/// <summary>The application as the image carries it starts from its publish folder and serves as Production.</summary>
[Collection(PublishedAppCollection.Name)]
public sealed class PublishedAppTests(PublishedApp app, ITestOutputHelper output)
{
    [Fact]
    public async Task PublishedApp_StartedAsProduction_AnswersProbesAndRefusesAnonymousCallers()
    {
        output.WriteLine($"dotnet publish (Release, linux-x64, ReadyToRun) took {app.PublishTime.TotalSeconds:F0} s");
        await using var server = await PublishedServer.StartAsync(app, new Dictionary<string, string?> { ["DataProtection__AllowUnprotectedKeyRing"] = "true" });
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = server.Address };

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
        // Ready once the database answers and the gateway has loaded its first configuration.
        Assert.Equal(HttpStatusCode.OK, await EventuallyAsync(http, "/readyz", HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync(new Uri("/api/admin/teams", UriKind.Relative))).StatusCode);
        using var home = await http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Redirect, home.StatusCode);
        Assert.StartsWith("/signin", home.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public void MainAssembly_PublishedWithReadyToRun_CarriesPrecompiledCode()
    {
        using var stream = File.OpenRead(app.MainAssembly);
        using var reader = new PEReader(stream);

        // Crossgen writes its native code's header there; an IL-only assembly leaves the directory empty.
        var corHeader = reader.PEHeaders.CorHeader ?? throw new InvalidOperationException($"{app.MainAssembly} is not a .NET assembly.");
        Assert.True(corHeader.ManagedNativeHeaderDirectory.Size > 0, $"{PublishedApp.MainAssemblyName} is not ReadyToRun.");
    }

    private static async Task<HttpStatusCode> EventuallyAsync(HttpClient http, string path, HttpStatusCode expected)
    {
        var status = HttpStatusCode.ServiceUnavailable;
        for (var attempt = 0; attempt < 100 && status != expected; attempt++)
        {
            using var response = await http.GetAsync(new Uri(path, UriKind.Relative));
            status = response.StatusCode;
            if (status != expected)
            {
                await Task.Delay(200);
            }
        }

        return status;
    }
}
