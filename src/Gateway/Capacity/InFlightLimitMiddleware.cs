using AiGateway.Gateway.Context;
using AiGateway.Gateway.Errors;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Quotas;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Gateway.Capacity;

/// <summary>
/// Holds a team to its cap of requests in flight on this replica (<c>maxRequestsInFlight</c>). Long streams hold
/// provisioned capacity that per-minute limits do not see; a team over its cap gets 429
/// <c>too_many_requests_in_flight</c> at once, before any quota is reserved, and the slot is held until the answer's
/// last byte has gone.
/// </summary>
public sealed class InFlightLimitMiddleware(RequestDelegate next, TeamRequestsInFlight inFlight, ThrottleLog throttles)
{
    /// <summary>There is no telling when a stream ends, so the client is asked to come back soon rather than at a set time.</summary>
    private static readonly TimeSpan RetrySoon = TimeSpan.FromSeconds(1);

    public async Task InvokeAsync(HttpContext context)
    {
        var gateway = context.Gateway();
        var team = gateway.Caller.Team;
        if (team.MaxRequestsInFlight is not { } limit)
        {
            await next(context);
            return;
        }

        if (!inFlight.TryEnter(team.Id, limit))
        {
            var decision = new QuotaDecision(null, QuotaLimitKind.RequestsInFlight, null, RetrySoon, null, null);
            gateway.Admitted(decision);
            throttles.RecordQuotaRefusal(gateway, decision);
            await GatewayErrorWriter.WriteAsync(context, new GatewayError(
                StatusCodes.Status429TooManyRequests,
                $"Your team has {limit} requests in flight at this gateway, its limit; retry when one of them has finished.",
                "rate_limit_error",
                "too_many_requests_in_flight")
            {
                RetryAfter = RetrySoon,
                ShouldRetry = true,
            });
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            inFlight.Exit(team.Id);
        }
    }
}
