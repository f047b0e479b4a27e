using System.Collections.Concurrent;
using System.Net.Http.Headers;
using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Requests;
using AiGateway.Shared.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Rollouts;

/// <summary>
/// Shadow mode: after blue has answered a client, a share of such requests is sent again to green, off the request
/// path. Green's answer is read to the end, measured for the rollout's guards as green's figures, and thrown away.
/// The copy never passes quota admission and leaves no usage record, so it costs the client nothing and changes
/// nothing it sees. At most <see cref="MaxInFlight"/> copies run at once; beyond that they are skipped, not queued.
/// </summary>
public sealed partial class ShadowTraffic(
    IHttpClientFactory httpClients,
    SelfAddress self,
    BackendTokenCache tokens,
    RolloutTraffic traffic,
    IOptionsMonitor<GatewayOptions> options,
    TimeProvider clock,
    ILogger<ShadowTraffic> logger)
{
    public const string HttpClientName = "AiGateway.Shadow";
    public const int MaxInFlight = 64;

    private readonly ConcurrentDictionary<long, Task> _inFlight = new();
    private long _next;
    private long _completed;
    private TaskCompletionSource _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Copies that have finished (answered, failed or timed out) since the process started.</summary>
    public long Completed => Interlocked.Read(ref _completed);

    /// <summary>Copies the request to green if the rollout's shadow share picks it; returns at once.</summary>
    public void MaybeCopy(GatewayRequestContext gateway, RolloutEntry rollout)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(rollout);
        if (rollout.ShadowPercent <= 0 || rollout.GreenUnavailable || Random.Shared.Next(100) >= rollout.ShadowPercent || _inFlight.Count >= MaxInFlight)
        {
            return;
        }

        var green = rollout.Green.Targets[0];
        var body = gateway.Surface == GatewaySurface.AzureClassic
            ? gateway.ForwardBody
            : RequestRewriter.Rewrite(gateway.ForwardBody, new RewriteInstructions(green.DeploymentName, false, null, gateway.Operation));
        var id = Interlocked.Increment(ref _next);
        var copy = Task.Run(() => SendAsync(gateway.RequestId, gateway.Operation, gateway.Inspected?.Stream ?? false, rollout, green, body));
        _inFlight[id] = copy;
        copy.ContinueWith(
            _ =>
            {
                _inFlight.TryRemove(id, out Task? _);
                Interlocked.Increment(ref _completed);
                Interlocked.Exchange(ref _completion, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            },
            TaskScheduler.Default);
    }

    /// <summary>Waits until at least <paramref name="count"/> copies have finished since the process started.</summary>
    public async Task WaitForCompletedAsync(long count, CancellationToken ct)
    {
        while (true)
        {
            var next = Volatile.Read(ref _completion);
            if (Completed >= count)
            {
                return;
            }

            await next.Task.WaitAsync(ct);
        }
    }

    private async Task SendAsync(string requestId, GatewayOperation operation, bool stream, RolloutEntry rollout, AliasTargetEntry green, ReadOnlyMemory<byte> body)
    {
        var started = clock.GetTimestamp();
        var status = StatusCodes.Status502BadGateway;
        int? latency = null;
        int? firstToken = null;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.CurrentValue.BackendTimeoutSeconds));
            var backend = green.Backend;
            using var request = new HttpRequestMessage(HttpMethod.Post, BackendRequestTransform.BuildUrl(self.Resolve(backend.BaseUrl), backend, green, operation, []))
            {
                Content = new ReadOnlyMemoryContent(body),
            };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            await BackendCredentials.ApplyAsync(request, backend, tokens, timeout.Token);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            status = (int)response.StatusCode;
            await using var content = await response.Content.ReadAsStreamAsync(timeout.Token);
            var buffer = new byte[8192];
            while (await content.ReadAsync(buffer, timeout.Token) > 0)
            {
                firstToken ??= stream ? clock.GetElapsedTime(started).WholeMilliseconds() : null;
            }

            latency = status < 400 ? clock.GetElapsedTime(started).WholeMilliseconds() : null;
            firstToken = status < 400 ? firstToken : null;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or InvalidOperationException)
        {
            Log.CopyFailed(logger, requestId, green.DeploymentName, e.GetType().Name);
        }

        traffic.Record(rollout.Id, rollout.Phase, RolloutSide.Green, status, status == StatusCodes.Status400BadRequest, latency, firstToken);
    }

    private static partial class Log
    {
        [LoggerMessage(720, LogLevel.Debug, "Request {RequestId}: the shadow copy to {Deployment} failed ({Error}); counted as a green failure")]
        public static partial void CopyFailed(ILogger logger, string requestId, string deployment, string error);
    }
}
