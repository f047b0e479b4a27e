using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace AiGateway.Gateway.Forwarding;

/// <summary>
/// Adds the gateway's request and response transforms to every gateway route: the headers that would tell a backend
/// about the client, and the client about the backend, are removed on the way, and the rest is the gateway's own.
/// </summary>
public sealed class GatewayTransformProvider(BackendRequestTransform request, BackendResponseTransform response, IOptionsMonitor<GatewayOptions> options) : ITransformProvider
{
    /// <summary>
    /// Headers in which a client (or a proxy in front of it) describes where a request came from. A gateway in front
    /// of a third-party model API does not pass client addresses on, and would otherwise relay them unchecked.
    /// </summary>
    /// <remarks>
    /// Removed by name rather than with YARP's forwarded transforms in their Remove mode, which format the client's
    /// address on every request before discarding it.
    /// </remarks>
    internal static readonly string[] ClientForwardingHeaders =
    [
        "Forwarded", "X-Forwarded-For", "X-Forwarded-Host", "X-Forwarded-Proto", "X-Forwarded-Prefix", "X-Forwarded-Port",
        "X-Real-IP", "X-Client-IP", "True-Client-IP",
    ];

    /// <summary>
    /// Headers in which a backend names its software, its account, or where and as what it runs: the gateway's
    /// topology is the operator's business (<c>Gateway:ExplainHeaders</c> tells it to those who may know). Opaque ids
    /// and timings (<c>apim-request-id</c>, <c>openai-processing-ms</c>) stay: they describe the answer, and an
    /// operator quotes them in a support case with the provider.
    /// </summary>
    internal static readonly string[] BackendIdentityHeaders =
    [
        "Server", "X-Powered-By", "X-AspNet-Version", "X-AspNetMvc-Version",
        "openai-organization", "openai-project", "x-ms-region", "x-ms-deployment-name", "azureml-model-session",
    ];

    public void ValidateRoute(TransformRouteValidationContext context)
    {
    }

    public void ValidateCluster(TransformClusterValidationContext context)
    {
    }

    public void Apply(TransformBuilderContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Route.Metadata?.ContainsKey(GatewayContextMiddleware.SurfaceMetadataKey) != true)
        {
            return;
        }

        context.UseDefaultForwarders = false;
        context.CopyRequestHeaders = true;
        context.CopyResponseHeaders = true;
        foreach (var header in ClientForwardingHeaders)
        {
            context.AddRequestHeaderRemove(header);
        }

        switch (options.CurrentValue.ForwardedHeaders)
        {
            case ForwardedHeadersMode.XForwarded:
                context.AddXForwarded(ForwardedTransformActions.Set);
                break;
            case ForwardedHeadersMode.Forwarded:
                context.AddForwarded(useHost: true, useProto: true, forFormat: NodeFormat.Ip, byFormat: NodeFormat.None, action: ForwardedTransformActions.Set);
                break;
        }

        context.AddRequestTransform(request.ApplyAsync);
        foreach (var header in BackendIdentityHeaders)
        {
            context.AddResponseHeaderRemove(header, ResponseCondition.Always);
        }

        context.AddResponseTransform(response.ApplyAsync);
    }
}
