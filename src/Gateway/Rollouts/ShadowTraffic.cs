using System.Collections.Concurrent;
using System.Net.Http.Headers;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Streaming;
using AiGateway.Gateway.Telemetry;
using AiGateway.Shared.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace AiGateway.Gateway.Rollouts;

/// <summary>
/// Shadow mode: after blue has answered a client, a share of such requests is sent again to green, off the request
/// path. Green's answer is read to the end, judged by the same <see cref="AttemptClassifier"/> as live attempts and
/// reported to the attempt observers as a shadow outcome (the rollout's figures count it for green; backend health
/// and the throttle log leave it alone), then thrown away. The copy never passes quota admission and leaves no usage
/// record, so it costs the client nothing and changes nothing it sees. At most <see cref="MaxInFlight"/> copies run
/// at once; beyond that they are skipped, not queued.
/// </summary>
public sealed partial class ShadowTraffic(
    IHttpClientFactory httpClients,
    BackendRequestFactory requests,
    AttemptClassifier classifier,
    AttemptObservers observers,
    IOptionsMonitor<GatewayOptions> options,
    TimeProvider clock,
    ILogger<ShadowTraffic> logger)
{
    public const string HttpClientName = "AiGateway.Shadow";
    public const int MaxInFlight = 64;

    private int _inFlight;

    /// <summary>
    /// Copies a request blue has answered to green, if its rollout runs shadow traffic and its share picks this one;
    /// returns at once.
    /// </summary>
    public void MaybeCopy(GatewayRequestContext gateway, IQueryCollection clientQuery)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(clientQuery);
        if (gateway.Rollout is not { ShadowPercent: > 0, GreenUnavailable: false } rollout
            || gateway.RolloutSide != RolloutSide.Blue
            || gateway.Outcome is not { } served || served.Target.DeploymentId == rollout.GreenDeploymentId
            || Random.Shared.Next(100) >= rollout.ShadowPercent)
        {
            return;
        }

        if (Interlocked.Increment(ref _inFlight) > MaxInFlight)
        {
            Interlocked.Decrement(ref _inFlight);
            return;
        }

        var green = rollout.GreenTarget!;
        var body = BackendRequestFactory.BodyFor(gateway, green);
        // The client's query is read now: the request's HttpContext is not ours once this method returns.
        KeyValuePair<string, StringValues>[] query = [.. clientQuery];
        _ = Task.Run(async () =>
        {
            try
            {
                await SendAsync(gateway, green, body, query);
            }
            finally
            {
                Interlocked.Decrement(ref _inFlight);
            }
        });
    }

    private async Task SendAsync(GatewayRequestContext gateway, AliasTargetEntry green, ReadOnlyMemory<byte> body, KeyValuePair<string, StringValues>[] query)
    {
        var stream = gateway.Request.Inspected.Stream;
        var observer = new ResponseObserver(clock);
        var started = clock.GetTimestamp();
        int? status = null;
        var span = AttemptSpan.StartShadow(green);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(options.CurrentValue.BackendTimeoutSeconds));
            using var request = new HttpRequestMessage(HttpMethod.Post, (Uri?)null) { Content = new ReadOnlyMemoryContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            await requests.PrepareAsync(request, green, gateway.Operation, query, timeout.Token);
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var answered = (int)response.StatusCode;
            await using var content = await response.Content.ReadAsStreamAsync(timeout.Token);
            await using Stream observed = string.Equals(response.Content.Headers.ContentType?.MediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase)
                ? new SseResponseStream(content, observer, removeUsageChunk: false)
                : new JsonResponseStream(content, observer);
            await observed.CopyToAsync(Stream.Null, timeout.Token);
            status = answered;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or IOException or InvalidOperationException)
        {
            // No whole answer came (no answer, or a body that failed on the way): green failed this copy.
            Log.CopyFailed(logger, gateway.RequestId, green.DeploymentName, e.GetType().Name);
        }

        var outcome = classifier.Classify(green, 1, status, null, observer, stream, started) with { Shadow = true };
        AttemptSpan.End(span, outcome);
        observers.Report(gateway, outcome);
    }

    private static partial class Log
    {
        [LoggerMessage(720, LogLevel.Debug, "Request {RequestId}: the shadow copy to {Deployment} failed ({Error}); counted as a green failure")]
        public static partial void CopyFailed(ILogger logger, string requestId, string deployment, string error);
    }
}
