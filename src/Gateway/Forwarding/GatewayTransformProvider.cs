using AiGateway.Gateway.Context;
using Yarp.ReverseProxy.Transforms;
using Yarp.ReverseProxy.Transforms.Builder;

namespace AiGateway.Gateway.Forwarding;

/// <summary>Adds the gateway's request and response transforms to every gateway route.</summary>
public sealed class GatewayTransformProvider(BackendRequestTransform request, BackendResponseTransform response) : ITransformProvider
{
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

        // Client addresses are the gateway's to know, not the backend's.
        context.UseDefaultForwarders = false;
        context.CopyRequestHeaders = true;
        context.CopyResponseHeaders = true;
        context.AddRequestTransform(request.ApplyAsync);
        context.AddResponseTransform(response.ApplyAsync);
    }
}
