using AiGateway.Gateway.Context;
using AiGateway.Gateway.Errors;
using AiGateway.Gateway.Quotas;
using AiGateway.Gateway.Requests;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Requests;

/// <summary>
/// Holds the request to the gateway's rules (n, best_of, refused parameters) and to the caller's output-token cap,
/// and prepares the body every backend will get: the cap written in, and for streams the usage chunk asked for.
/// </summary>
public sealed class ComplianceMiddleware(RequestDelegate next, IOptionsMonitor<ComplianceOptions> compliance)
{
    public Task InvokeAsync(HttpContext context)
    {
        var gateway = context.Gateway();
        var (body, inspected) = gateway.Request;
        var error = CompliancePolicy.Apply(inspected, compliance.CurrentValue, ApplicableQuotas.OutputCap(gateway.QuotaCounters), out var clamped);
        if (error is not null)
        {
            return GatewayErrorWriter.WriteAsync(context, error);
        }

        // Streams end with a usage chunk only when asked; the gateway always asks, so tokens are always known,
        // and hides the chunk again from a client that did not ask.
        var askForUsage = inspected.Stream && gateway.Operation.SupportsStreamOptions() && !inspected.IncludeUsageRequested;
        gateway.Planned(new ForwardPlan(RequestRewriter.Rewrite(body, new RewriteInstructions(null, askForUsage, clamped, gateway.Operation)), askForUsage, clamped));
        return next(context);
    }
}
