using System.Net;

namespace AiGateway.Simulator.Tests.Stateful;

/// <summary>Azure's asynchronous image generation jobs.</summary>
public sealed class ImageJobsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ImageJob_PolledThroughItsOperationLocation_SucceedsAfterTheJobTime()
    {
        await using var server = await SimulatorServer.StartAsync(s => s["Simulator:Stateful:JobSeconds"] = "3", prefix: "/sim");

        using var submitted = await server.Client.PostAsync("openai/images/generations:submit?api-version=2023-06-01-preview", """{"prompt":"a lighthouse","n":2}""");
        var body = await submitted.ReadJsonAsync();
        var location = submitted.Header("operation-location");

        var notRunning = await server.Client.GetOkAsync(location);
        server.Time.Advance(TimeSpan.FromSeconds(1));
        var running = await server.Client.GetOkAsync(location);
        server.Time.Advance(TimeSpan.FromSeconds(2));
        var succeeded = await server.Client.GetOkAsync(location);
        using var deleted = await server.Client.DeleteAsync(location, Ct);
        using var gone = await server.Client.GetAsync(location, Ct);

        Assert.Equal(HttpStatusCode.Accepted, submitted.StatusCode);
        Assert.Equal("notRunning", (string?)body["status"]);
        Assert.Equal(new Uri(server.BaseAddress, $"openai/operations/images/{body["id"]}?api-version=2023-06-01-preview"), new Uri(location));
        Assert.Equal("notRunning", (string?)notRunning["status"]);
        Assert.Equal("running", (string?)running["status"]);
        Assert.Equal("succeeded", (string?)succeeded["status"]);
        Assert.Equal(2, succeeded["result"]!["data"]!.AsArray().Count);
        Assert.StartsWith("https://", (string?)succeeded["result"]!["data"]![0]!["url"], StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task ImageJob_WithoutPrompt_Returns400AndWithoutApiVersion404()
    {
        await using var server = await SimulatorServer.StartAsync();

        using var noPrompt = await server.Client.PostAsync("openai/images/generations:submit?api-version=2023-06-01-preview", "{}");
        using var noVersion = await server.Client.PostAsync("openai/images/generations:submit", """{"prompt":"x"}""");

        Assert.Equal(HttpStatusCode.BadRequest, noPrompt.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noVersion.StatusCode);
    }
}
