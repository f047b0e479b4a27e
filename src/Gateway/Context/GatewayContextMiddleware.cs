using System.Globalization;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Errors;
using AiGateway.Gateway.Requests;
using Microsoft.AspNetCore.Http;
using Yarp.ReverseProxy.Model;

namespace AiGateway.Gateway.Context;

/// <summary>
/// The first step on the proxy's routes: gives the request the configuration snapshot it will use to the end, works
/// out which API shape and operation it asks for, and keeps the id <see cref="GatewayEntryMiddleware"/> gave it.
/// </summary>
public sealed class GatewayContextMiddleware(RequestDelegate next, GatewaySnapshotStore snapshots, TimeProvider clock)
{
    public const string SurfaceMetadataKey = "gateway-surface";

    /// <summary>On a stateful collection's route: the collection (<c>files</c>, <c>responses</c>...).</summary>
    public const string StatefulMetadataKey = "gateway-stateful";

    public Task InvokeAsync(HttpContext context)
    {
        var route = context.GetReverseProxyFeature().Route.Config;
        var surface = Enum.Parse<GatewaySurface>(route.Metadata![SurfaceMetadataKey]);
        var operation = context.Request.RouteValues["operation"] as string;
        var known = GatewayOperations.TryParse(operation, out var parsed);
        if (route.Metadata.TryGetValue(StatefulMetadataKey, out var collection))
        {
            var rest = context.Request.RouteValues["stateful"] as string;
            operation = string.IsNullOrEmpty(rest) ? collection : collection + "/" + rest;
            known = StatefulApis.StatefulRouteTable.TryMatch(context.Request.Method, operation, out var stateful);
            if (stateful is not null)
            {
                context.Features.Set(stateful);
                parsed = GatewayOperation.Stateful;
            }
            else if (!HttpMethods.IsPost(context.Request.Method) || !GatewayOperations.TryParse(operation, out parsed))
            {
                return NotServed(context, operation);
            }
            else
            {
                known = true;
            }
        }

        var now = clock.GetUtcNow();
        var gateway = new GatewayRequestContext(context.TraceIdentifier, snapshots.Current, surface, parsed, clock.GetTimestamp(), now);
        context.Features.Set(gateway);
        // OnStarting survives the response resets between attempts.
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            var headers = http.Response.Headers;
            if (http.Gateway().Quota is { } quota)
            {
                // The caller's own standing, never the backend's (those headers are removed from its answer).
                if (quota.RemainingRequests is { } requests)
                {
                    headers["x-ratelimit-remaining-requests"] = Math.Max(0, requests).ToString(CultureInfo.InvariantCulture);
                }

                if (quota.RemainingTokens is { } tokens)
                {
                    headers["x-ratelimit-remaining-tokens"] = Math.Max(0, tokens).ToString(CultureInfo.InvariantCulture);
                }
            }

            return Task.CompletedTask;
        }, context);

        if (!known)
        {
            return NotServed(context, operation);
        }

        if (surface == GatewaySurface.AzureClassic && parsed == GatewayOperation.Responses)
        {
            return GatewayErrorWriter.WriteAsync(context, new GatewayError(
                StatusCodes.Status404NotFound, "The Responses API is served at /openai/v1/responses and /v1/responses, with the model in the body.", "invalid_request_error", "unknown_url"));
        }

        if (!gateway.Snapshot.IsLoaded)
        {
            return GatewayErrorWriter.WriteAsync(context, GatewayError.ConfigurationUnavailable);
        }

        return next(context);
    }

    private static Task NotServed(HttpContext context, string? operation) => GatewayErrorWriter.WriteAsync(context, new GatewayError(
        StatusCodes.Status404NotFound,
        $"The gateway does not serve '{operation}' ({context.Request.Method}). It serves chat/completions, completions, embeddings and responses, and the stateful APIs listed in its README (files, vector_stores, batches, assistants, threads, conversations, stored responses).",
        "invalid_request_error",
        "unknown_url"));
}
