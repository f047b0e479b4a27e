using AiGateway.Gateway.Context;
using AiGateway.Gateway.Rollouts;
using AiGateway.Shared.Model;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Gateway.Rollouts;

/// <summary>
/// When the alias has a rollout in progress, puts the request on blue or green (sticky per client or drawn per
/// request, as the rollout says, or as the tester's <c>x-gateway-rollout</c> header asks) and lets the rest of the
/// request path see only that side's targets.
/// </summary>
public sealed class RolloutAssignmentMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var gateway = context.Gateway();
        var optIn = context.Request.Headers[RolloutAssignment.HeaderName];
        // The header is the gateway's business; a backend has no use for it.
        context.Request.Headers.Remove(RolloutAssignment.HeaderName);
        if (gateway.Alias.Rollout is { } rollout)
        {
            gateway.AssignedTo(rollout, RolloutAssignment.Choose(rollout, gateway.Caller, optIn.Count > 0 ? optIn[0] : null));
        }

        return next(context);
    }
}
