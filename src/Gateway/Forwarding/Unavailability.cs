using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Errors;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Gateway.Forwarding;

/// <summary>
/// Why no deployment served a request, gathered over its attempts, and the answer that tells the client: 429 only
/// when capacity is short (a deployment said 429 and rests), 503 when backends are failing or their circuits are
/// open, each with the time the first of them may serve again. SDKs back off quietly on 429 and dashboards count
/// it as a throttle, so an outage must not be reported as one.
/// </summary>
internal struct Unavailability
{
    /// <summary>A 503 whose backends give no recovery time still asks for a short pause rather than none.</summary>
    private static readonly TimeSpan RetrySoon = TimeSpan.FromSeconds(1);

    private DateTimeOffset? _throttledUntil;
    private DateTimeOffset? _downUntil;
    private int _failed;

    public void Note(BackendSelection selection)
    {
        _throttledUntil = Earlier(_throttledUntil, selection.ThrottledUntil);
        _downUntil = Earlier(_downUntil, selection.DownUntil);
    }

    public void NoteThrottled(DateTimeOffset until) => _throttledUntil = Earlier(_throttledUntil, until);

    public void NoteFailed(DateTimeOffset? circuitOpenUntil)
    {
        _failed++;
        _downUntil = Earlier(_downUntil, circuitOpenUntil);
    }

    /// <param name="pinnedReason">Set when the request could go to one deployment only; said in the message.</param>
    public readonly GatewayError ToError(string alias, DateTimeOffset now, string? pinnedReason = null)
    {
        var busy = _throttledUntil is not null;
        var down = _downUntil is not null || _failed > 0;
        var suffix = pinnedReason is null ? "" : " " + pinnedReason;
        if (!busy && !down)
        {
            return new GatewayError(
                StatusCodes.Status503ServiceUnavailable,
                $"No deployment of '{alias}' could answer: none is allowed for this caller's regions, or every one was tried.{suffix}",
                "server_error",
                "no_backend_available")
            {
                ShouldRetry = true,
            };
        }

        var busyWait = Wait(_throttledUntil, now);
        var downWait = _downUntil is null ? RetrySoon : Wait(_downUntil, now);
        var busyPart = $"at its rate limit (the first frees up in {Seconds(busyWait)} s)";
        var downPart = _downUntil is null
            ? "failing (errors, timeouts or no connection)"
            : $"failing (circuit open; the first may recover in {Seconds(downWait)} s)";
        if (busy && (!down || busyWait <= downWait))
        {
            var message = down
                ? $"Every deployment of '{alias}' is unavailable: some are {busyPart}, others are {downPart}. Retry after {Seconds(busyWait)} s.{suffix}"
                : $"Every deployment of '{alias}' is {busyPart}. Retry after {Seconds(busyWait)} s.{suffix}";
            return new GatewayError(StatusCodes.Status429TooManyRequests, message, "rate_limit_error", "backend_capacity_exceeded")
            {
                RetryAfter = busyWait,
                ShouldRetry = true,
            };
        }

        var outage = busy
            ? $"Every deployment of '{alias}' is unavailable: some are {downPart}, others are {busyPart}. Retry after {Seconds(downWait)} s.{suffix}"
            : $"No deployment of '{alias}' could answer: its backends are {downPart}. Retry after {Seconds(downWait)} s.{suffix}";
        return new GatewayError(StatusCodes.Status503ServiceUnavailable, outage, "server_error", "no_backend_available")
        {
            RetryAfter = downWait,
            ShouldRetry = true,
        };
    }

    /// <summary>
    /// The answer when the caller's regions kept it from some of the alias's deployments and none of the rest could
    /// serve: 503 <c>no_deployment_in_allowed_regions</c>, never a rate limit, since capacity elsewhere is not short.
    /// It says when the first deployment in the regions may serve again, or, when the alias has none there, that only
    /// a change of configuration can help.
    /// </summary>
    public readonly GatewayError ToResidencyError(string alias, IEnumerable<string> regions, bool anyInRegions, DateTimeOffset now, string? pinnedReason = null)
    {
        var names = string.Join(", ", regions.Order(StringComparer.OrdinalIgnoreCase));
        var suffix = pinnedReason is null ? "" : " " + pinnedReason;
        const string Code = "no_deployment_in_allowed_regions";
        if (!anyInRegions)
        {
            return new GatewayError(
                StatusCodes.Status503ServiceUnavailable,
                $"No deployment of '{alias}' is in a region this team may use ({names}); deployments in other regions are never used for it. An administrator can add one in these regions.{suffix}",
                "server_error",
                Code)
            {
                ShouldRetry = false,
            };
        }

        var waits = new List<TimeSpan>(2);
        var states = new List<string>(2);
        if (_throttledUntil is not null)
        {
            waits.Add(Wait(_throttledUntil, now));
            states.Add("at their rate limit");
        }

        if (_downUntil is not null || _failed > 0)
        {
            waits.Add(_downUntil is null ? RetrySoon : Wait(_downUntil, now));
            states.Add("failing");
        }

        var wait = waits.Count == 0 ? RetrySoon : waits.Min();
        var state = states.Count == 0 ? "already tried for this request" : string.Join(" or ", states);
        return new GatewayError(
            StatusCodes.Status503ServiceUnavailable,
            $"No deployment of '{alias}' in this team's regions ({names}) is available: they are {state}. Deployments in other regions are never used for this team. Retry after {Seconds(wait)} s.{suffix}",
            "server_error",
            Code)
        {
            RetryAfter = wait,
            ShouldRetry = true,
        };
    }

    private static TimeSpan Wait(DateTimeOffset? until, DateTimeOffset now) =>
        until is { } u && u > now ? u - now : TimeSpan.FromMilliseconds(1);

    private static double Seconds(TimeSpan wait) => Math.Ceiling(Math.Max(wait.TotalSeconds, 0.001));

    private static DateTimeOffset? Earlier(DateTimeOffset? a, DateTimeOffset? b) =>
        a is null ? b : b is null ? a : a < b ? a : b;
}
