using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Gateway.Telemetry;

/// <summary>
/// How a request on the model path ended, as <c>aigw.requests</c> counts it: a small closed set, so an operator can
/// tell the gateway's refusals from the backends' failures without reading status codes.
/// </summary>
public enum RequestOutcome
{
    /// <summary>A backend's successful answer reached the client whole.</summary>
    Served,

    /// <summary>Refused as the client's own fault: bad input, an unknown or forbidden alias, a backend's 4xx (a content filter).</summary>
    ClientError,

    /// <summary>No usable credential: the gateway's 401.</summary>
    Unauthenticated,

    /// <summary>A quota of the caller's refused it (429 for the per-minute limits, 403 for a spent budget).</summary>
    RefusedQuota,

    /// <summary>Every deployment that could serve it was throttling: the gateway's 429.</summary>
    Throttled,

    /// <summary>Backends failed, timed out or cut the answer, none was available, or the gateway itself failed: a 5xx.</summary>
    Failed,

    /// <summary>The client went away before its answer was whole.</summary>
    Cancelled,
}

public static class RequestOutcomes
{
    /// <summary>
    /// Judges a finished request from what the pipeline learnt about it and the status it is counted under
    /// (<paramref name="status"/>: what the client got, or 502 for a stream cut after it started).
    /// </summary>
    public static RequestOutcome Of(GatewayRequestContext gateway, int status, bool aborted)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        if (gateway.Quota is { Admitted: false })
        {
            return RequestOutcome.RefusedQuota;
        }

        if (gateway.Outcome is { Result: AttemptResult.Succeeded })
        {
            return RequestOutcome.Served;
        }

        if (aborted)
        {
            return RequestOutcome.Cancelled;
        }

        return status switch
        {
            StatusCodes.Status401Unauthorized => RequestOutcome.Unauthenticated,
            StatusCodes.Status429TooManyRequests => RequestOutcome.Throttled,
            >= 500 => RequestOutcome.Failed,
            >= 400 => RequestOutcome.ClientError,
            _ => RequestOutcome.Served,
        };
    }
}
