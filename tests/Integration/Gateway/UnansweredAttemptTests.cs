using System.Net;
using System.Net.Http.Json;
using AiGateway.Integration.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Integration.Gateway;

/// <summary>
/// A request that was sent to a backend leaves a usage record even when no answer came back: the client gave up on a
/// silent backend, the backend reset the connection, or the client left in the middle of a stream. The record names
/// the deployment and backend it was sent to and bills nothing that was not counted.
/// </summary>
public sealed class UnansweredAttemptTests() : GatewayTestBase(new Dictionary<string, string?>
{
    ["Metering:FlushIntervalMilliseconds"] = "0",
})
{
    private const string ScriptedAlias = "scripted";

    [Fact]
    public async Task ClientGivesUpWhileTheBackendIsSilent_ErrorRecord499AtThatDeployment()
    {
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await RecordingBackend.StartAsync(async context =>
        {
            arrived.TrySetResult();
            // Silent until the gateway gives up on it; the gateway's first-byte deadline runs on the test's clock,
            // which does not move, so only the client's leaving ends this request.
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        var (backendId, deploymentId) = await AddAliasAsync(backend);
        using var requests = HostCounter.Requests(Gateway.Services);
        using var written = HostCounter.UsageWritten(Gateway.Services);

        using var leave = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var call = Client.PostAsJsonAsync("/v1/chat/completions", Chat(stream: false), leave.Token);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await leave.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);

        await requests.WaitForAsync(1);
        await written.WaitForAsync(1);
        await using var db = Gateway.CreateDbContext();
        var record = Assert.Single(await db.UsageRecords.ToListAsync(Ct));
        Assert.Equal(StatusCodes.Status499ClientClosedRequest, record.StatusCode);
        Assert.Equal(deploymentId, record.DeploymentId);
        Assert.Equal(backendId, record.BackendId);
        Assert.Equal(0, record.PromptTokens + record.CompletionTokens);
        Assert.Equal(0m, record.Cost);
        Assert.False(record.Estimated);
    }

    [Fact]
    public async Task BackendResetsTheConnectionBeforeAnswering_ErrorRecord502AtThatDeployment()
    {
        await using var backend = await RecordingBackend.StartAsync(context =>
        {
            context.Abort();
            return Task.CompletedTask;
        });
        var (backendId, deploymentId) = await AddAliasAsync(backend);
        using var written = HostCounter.UsageWritten(Gateway.Services);

        using var response = await Client.PostAsJsonAsync("/v1/chat/completions", Chat(stream: false), Ct);

        Assert.Equal("no_backend_available", (await ErrorAsync(response, HttpStatusCode.ServiceUnavailable)).GetProperty("code").GetString());
        await written.WaitForAsync(1);
        await using var db = Gateway.CreateDbContext();
        var record = Assert.Single(await db.UsageRecords.ToListAsync(Ct));
        Assert.Equal(StatusCodes.Status502BadGateway, record.StatusCode);
        Assert.Equal(deploymentId, record.DeploymentId);
        Assert.Equal(backendId, record.BackendId);
        Assert.Equal(0m, record.Cost);
    }

    [Fact]
    public async Task ClientLeavesInTheMiddleOfAStream_RecordKeepsWhatWasDeliveredMarkedEstimated()
    {
        var firstChunkSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var backend = await RecordingBackend.StartAsync(async context =>
        {
            context.Response.ContentType = "text/event-stream";
            await context.Response.WriteAsync("data: {\"choices\":[{\"delta\":{\"content\":\"Hello there, traveller\",\"role\":\"assistant\"},\"finish_reason\":null,\"index\":0}],\"usage\":null}\n\n", context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            firstChunkSent.TrySetResult();
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        });
        var (backendId, deploymentId) = await AddAliasAsync(backend);
        using var requests = HostCounter.Requests(Gateway.Services);
        using var written = HostCounter.UsageWritten(Gateway.Services);

        using (var leave = CancellationTokenSource.CreateLinkedTokenSource(Ct))
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = JsonContent.Create(Chat(stream: true)) };
            using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, leave.Token);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(leave.Token));
            Assert.StartsWith("data: ", await reader.ReadLineAsync(leave.Token), StringComparison.Ordinal);
            await firstChunkSent.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
            await leave.CancelAsync();
        }

        await requests.WaitForAsync(1);
        await written.WaitForAsync(1);
        await using var db = Gateway.CreateDbContext();
        var record = Assert.Single(await db.UsageRecords.ToListAsync(Ct));
        Assert.Equal(deploymentId, record.DeploymentId);
        Assert.Equal(backendId, record.BackendId);
        Assert.True(record.Streamed);
        Assert.True(record.Estimated);
        Assert.True(record.CompletionTokens > 0, "the delivered text is counted");
    }

    private static object Chat(bool stream) =>
        new { model = ScriptedAlias, stream, messages = new[] { new { role = "user", content = "Where is my parcel?" } }, max_tokens = 20 };

    private async Task<(Guid BackendId, Guid DeploymentId)> AddAliasAsync(RecordingBackend backend)
    {
        var backendId = await CreateAsync("/api/admin/backends", new
        {
            name = "scripted",
            kind = "AzureOpenAI",
            baseUrl = backend.BaseAddress.ToString(),
            region = "westeurope",
            tier = "Standard",
            credentialKind = "ApiKey",
            apiKey = "scripted-backend-key",
        });
        var deployment = await CreateDeploymentAsync(backendId, "scripted-chat", "gpt-4o");
        await CreateAsync("/api/admin/aliases", new { name = ScriptedAlias, targets = new[] { new { deploymentId = deployment, weight = 1 } } });
        await Gateway.ReloadAsync();
        return (backendId, deployment);
    }
}
