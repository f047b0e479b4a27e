using AiGateway.Gateway.Context;
using AiGateway.Gateway.Errors;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Gateway.Aliases;

/// <summary>
/// Finds the alias the client called (in the path on the Azure classic shape, in the body's <c>model</c> on v1) and
/// checks that the caller's key or app and team may use it.
/// </summary>
public sealed class AliasResolutionMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var gateway = context.Gateway();
        var name = gateway.Surface == GatewaySurface.AzureClassic
            ? context.Request.RouteValues["alias"] as string
            : gateway.Request.Inspected.Model;
        if (string.IsNullOrEmpty(name))
        {
            return GatewayErrorWriter.WriteAsync(context, GatewayError.InvalidRequest(
                "The request names no model: set 'model' in the body to one of this gateway's model aliases.", "model", "missing_required_parameter") with { ShouldRetry = false });
        }

        if (!gateway.Snapshot.Aliases.TryGetValue(name, out var alias))
        {
            return GatewayErrorWriter.WriteAsync(context, new GatewayError(
                StatusCodes.Status404NotFound,
                $"The model '{name}' does not exist on this gateway, or has no enabled deployment.",
                "invalid_request_error",
                gateway.Surface == GatewaySurface.AzureClassic ? "DeploymentNotFound" : "model_not_found",
                "model"));
        }

        if (!gateway.Caller.MayUse(alias.Name))
        {
            return GatewayErrorWriter.WriteAsync(context, new GatewayError(
                StatusCodes.Status403Forbidden,
                $"This key may not use the model '{alias.Name}'. Ask the gateway's admins to add it to the key's or the team's allowed models.",
                "invalid_request_error",
                "model_not_allowed",
                "model"));
        }

        gateway.AliasResolved(alias);
        return next(context);
    }
}
