using System.Diagnostics;
using System.Globalization;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using Microsoft.AspNetCore.Http;
using Attr = AiGateway.Gateway.Telemetry.GatewaySpanAttributes;

namespace AiGateway.Gateway.Telemetry;

/// <summary>
/// The span of one gateway model request, named <c>{gen_ai.operation.name} {alias}</c> after OpenTelemetry's GenAI
/// conventions (<c>chat gpt-4o-mini</c>), with who called, what served it, its tokens and its status; each backend
/// attempt is a child (<see cref="AttemptSpan"/>).
/// </summary>
/// <remarks>
/// Its kind follows what the host already traces. Under the host's own server span (ASP.NET Core's, when its
/// instrumentation listens, which also reads the caller's <c>traceparent</c>) it is Internal, so that one hop has
/// one server span. With no such span it is the hop's Server span, its parent the caller's W3C trace context read
/// here, so a host that listens only to <see cref="GatewayActivities.SourceName"/> still joins its callers' traces.
/// </remarks>
internal static class RequestSpan
{
    public static Activity? Start(HttpContext http, GatewayRequestContext gateway)
    {
        var source = GatewayActivities.Source;
        if (!source.HasListeners())
        {
            return null;
        }

        // Call from an async method: its end gives its callers back their own Activity.Current.
        // The alias is not known yet; the name gets it when the request ends (samplers see the operation alone).
        var operation = MetricValues.OperationName(gateway.Operation);
        return Activity.Current is null
            ? source.StartActivity(operation, ActivityKind.Server, CallerContext(http.Request.Headers))
            : source.StartActivity(operation, ActivityKind.Internal);
    }

    /// <param name="exception">What the rest of the pipeline threw, if it did.</param>
    public static void End(Activity activity, HttpContext http, GatewayRequestContext gateway, Exception? exception)
    {
        if (activity.IsAllDataRequested)
        {
            Describe(activity, http, gateway, exception);
        }

        activity.Stop();
    }

    private static void Describe(Activity activity, HttpContext http, GatewayRequestContext gateway, Exception? exception)
    {
        var operation = MetricValues.OperationName(gateway.Operation);
        activity.SetTag(Attr.OperationName, operation);
        activity.SetTag(Attr.RequestId, gateway.RequestId);
        if (gateway.HasAlias)
        {
            var alias = gateway.Alias.Name;
            activity.DisplayName = operation + " " + alias;
            activity.SetTag(Attr.RequestModel, alias);
        }

        if (gateway.IsAuthenticated)
        {
            var caller = gateway.Caller;
            activity.SetTag(Attr.Team, caller.Team.Name);
            if (caller.Key is { } key)
            {
                // The public prefix the key is looked up by; the secret after it never leaves authentication.
                activity.SetTag(Attr.KeyPrefix, key.Prefix);
            }
        }

        if (gateway.RolloutSide is { } side)
        {
            activity.SetTag(Attr.RolloutSide, side == Shared.Model.RolloutSide.Green ? "green" : "blue");
        }

        activity.SetTag(Attr.Attempts, gateway.Attempt?.Number ?? 0);
        var outcome = gateway.Outcome;
        if (outcome is not null)
        {
            activity.SetTag(Attr.ProviderName, MetricValues.ProviderName(outcome.Target.Backend.Kind));
            if (outcome.Delivered)
            {
                // The model of the deployment that answered, as configured: the gateway does not parse the body's "model".
                activity.SetTag(Attr.ResponseModel, outcome.Target.Model);
            }
        }

        // Worked out by metering, which runs inside this span; read as it left it, never counted again here.
        if (gateway.Usage is { } usage)
        {
            activity.SetTag(Attr.InputTokens, usage.PromptTokens);
            activity.SetTag(Attr.OutputTokens, usage.CompletionTokens);
            activity.SetTag(Attr.UsageEstimated, usage.Estimated || outcome?.Result == AttemptResult.Cut);
        }

        if (exception is not null)
        {
            // The exception's type only: its message may quote what a backend or client sent.
            activity.SetTag(Attr.ErrorType, exception.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error);
            if (http.Response.HasStarted)
            {
                activity.SetTag(Attr.HttpResponseStatusCode, http.Response.StatusCode);
            }

            return;
        }

        var status = http.Response.StatusCode;
        activity.SetTag(Attr.HttpResponseStatusCode, status);
        if (status >= 400)
        {
            // The client got no model answer, so the GenAI operation failed; as on any HTTP server span, only the
            // gateway's own failures (5xx) mark the span's status as an error.
            activity.SetTag(Attr.ErrorType, status.ToString(CultureInfo.InvariantCulture));
            if (status >= 500)
            {
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }
        else if (outcome?.Result == AttemptResult.Cut)
        {
            // A stream the backend cut after the client had its status (the client went away meanwhile).
            activity.SetTag(Attr.ErrorType, MetricValues.Result(AttemptResult.Cut));
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    /// <summary>The caller's W3C trace context (<c>traceparent</c>, <c>tracestate</c>), read through the process's propagator.</summary>
    private static ActivityContext CallerContext(IHeaderDictionary headers)
    {
        DistributedContextPropagator.Current.ExtractTraceIdAndState(headers, ReadHeader, out var traceParent, out var traceState);
        return ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : default;
    }

    private static void ReadHeader(object? carrier, string name, out string? value, out IEnumerable<string>? values)
    {
        values = null;
        value = carrier is IHeaderDictionary headers && headers.TryGetValue(name, out var found) ? found.ToString() : null;
    }
}
