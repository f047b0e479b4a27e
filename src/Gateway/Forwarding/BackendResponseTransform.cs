using System.Globalization;
using System.Net.Http.Headers;
using AiGateway.Gateway.Capacity;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Streaming;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Transforms;

namespace AiGateway.Gateway.Forwarding;

/// <summary>
/// Looks at the backend's answer before any of it reaches the client: a throttle or a failure is held back so the
/// request can go to another deployment; anything else streams through, observed on the way for usage.
/// </summary>
public sealed class BackendResponseTransform(IOptionsMonitor<GatewayOptions> options, TimeProvider clock, CapacityTracker? capacity = null)
{
    public async ValueTask ApplyAsync(ResponseTransformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var response = context.ProxyResponse;
        if (response is null)
        {
            // No answer at all (connect error, timeout): the forwarding step sees YARP's error and moves on.
            return;
        }

        var gateway = context.HttpContext.Gateway();
        var attempt = gateway.Attempt ?? throw new InvalidOperationException("YARP forwarded a gateway request with no attempt in flight.");
        var status = (int)response.StatusCode;
        var mayTryAnother = AttemptClassifier.MayTryAnother(status);
        attempt.Answered(status, mayTryAnother ? ReadRetryAfter(response, clock.GetUtcNow()) : null);
        capacity?.Observe(
            attempt.Target,
            ReadLong(response, "x-ratelimit-remaining-tokens"),
            ReadLong(response, "x-ratelimit-remaining-requests"),
            ReadLong(response, "x-ratelimit-limit-tokens"),
            ReadLong(response, "x-ratelimit-limit-requests"));
        if (mayTryAnother)
        {
            context.SuppressResponseBody = true;
            return;
        }

        var headers = context.HttpContext.Response.Headers;
        // The backend's own rate-limit figures describe the gateway's capacity there, not this caller's quota.
        List<string>? backendLimits = null;
        foreach (var name in headers.Keys)
        {
            if (name.StartsWith("x-ratelimit-", StringComparison.OrdinalIgnoreCase))
            {
                (backendLimits ??= []).Add(name);
            }
        }

        foreach (var name in backendLimits ?? [])
        {
            headers.Remove(name);
        }

        if (options.CurrentValue.ExplainHeaders)
        {
            var target = attempt.Target;
            headers["x-gateway-alias"] = gateway.Alias.Name;
            headers["x-gateway-deployment"] = target.DeploymentName;
            headers["x-gateway-backend"] = target.Backend.Name;
            headers["x-gateway-attempts"] = attempt.Number.ToString(CultureInfo.InvariantCulture);
            if (target.Backend.Region is { } region)
            {
                headers["x-gateway-region"] = region;
            }

            if (gateway.Rollout is { } rollout)
            {
                headers["x-gateway-rollout"] = target.DeploymentId == rollout.GreenDeploymentId ? "green" : "blue";
            }
        }

        var body = await response.Content.ReadAsStreamAsync(context.CancellationToken);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        Stream observed = string.Equals(mediaType, "text/event-stream", StringComparison.OrdinalIgnoreCase)
            ? new SseResponseStream(body, attempt.Observer, removeUsageChunk: gateway.Forward.HidesUsageChunk)
            : new JsonResponseStream(body, attempt.Observer);
        var content = new StreamContent(observed);
        foreach (var header in response.Content.Headers)
        {
            content.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }

        response.Content = content;
    }

    /// <summary>Azure sends retry-after-ms (precise) and retry-after (whole seconds or an HTTP date).</summary>
    internal static TimeSpan? ReadRetryAfter(HttpResponseMessage response, DateTimeOffset now)
    {
        if (response.Headers.TryGetValues("retry-after-ms", out var msValues)
            && double.TryParse(msValues.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms > 0 && double.IsFinite(ms))
        {
            // A finite double can still be beyond TimeSpan's range, where FromMilliseconds throws; the rest is capped later anyway.
            return ms >= TimeSpan.MaxValue.TotalMilliseconds ? TimeSpan.MaxValue : TimeSpan.FromMilliseconds(ms);
        }

        return response.Headers.RetryAfter switch
        {
            { Delta: { } delta } when delta > TimeSpan.Zero => delta,
            { Date: { } date } when date > now => date - now,
            _ => null,
        };
    }

    /// <summary>A whole-number header of the backend's, read without allocating; null when absent or not a number.</summary>
    private static long? ReadLong(HttpResponseMessage response, string name) =>
        response.Headers.NonValidated.TryGetValues(name, out var values) && values.Count == 1
            && long.TryParse(values.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;
}
