using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Errors;
using AiGateway.Gateway.Rollouts;
using AiGateway.Gateway.Streaming;
using AiGateway.Gateway.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace AiGateway.Gateway.Forwarding;

/// <summary>
/// Sends the request to a chosen deployment through YARP's forwarder, and when that deployment throttles or fails
/// before any byte reached the client, rests it and tries the next one, within a bounded number of attempts and a
/// time budget. When none is left the client gets 429 when capacity is short, or 503 when backends are failing.
/// </summary>
public sealed partial class ForwardingMiddleware(
    RequestDelegate next,
    BackendSelector selector,
    BackendHealthTracker health,
    AttemptClassifier classifier,
    AttemptObservers observers,
    ShadowTraffic shadow,
    IOptionsMonitor<GatewayOptions> options,
    TimeProvider clock,
    ILogger<ForwardingMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var gateway = context.Gateway();
        var proxy = context.GetReverseProxyFeature();
        var settings = options.CurrentValue;
        var alias = gateway.Alias;
        var deadline = FirstByteDeadline(alias, settings);
        var tried = new List<Guid>(settings.MaxAttempts);
        // The budget runs from here, not from the request's arrival: time spent waiting in the capacity queue is
        // not time the backends had.
        var forwardingStarted = clock.GetTimestamp();
        var unavailable = new Unavailability();
        string? pinned = null;
        var owner = gateway.Owner is { } o ? StatefulApis.OwnerTargets.Find(gateway.Snapshot, o.DeploymentId, alias)?.Target : null;
        if (gateway.Owner is not null && owner is null)
        {
            await GatewayErrorWriter.WriteAsync(context, StatefulApis.StatefulErrors.OwnerUnavailable(StatefulApis.StatefulErrors.DefaultOwnerRetry));
            return;
        }

        if (owner is not null && !RegionLimit.Allows(gateway.Caller.Team.AllowedRegions, owner.Backend))
        {
            await GatewayErrorWriter.WriteAsync(context, StatefulApis.StatefulErrors.OwnerOutsideRegions);
            return;
        }

        while (tried.Count < settings.MaxAttempts && clock.GetElapsedTime(forwardingStarted).TotalSeconds < settings.RetryBudgetSeconds)
        {
            var selection = owner is null ? selector.Select(alias, gateway.Caller.Team.AllowedRegions, tried, Random.Shared) : SelectOwner(owner, tried);
            unavailable.Note(selection);
            if (selection.Target is not { } target)
            {
                break;
            }

            tried.Add(target.DeploymentId);
            var destination = FindDestination(proxy, target.Backend);
            if (destination is null)
            {
                // The snapshot knows a backend YARP's configuration has not caught up with yet; it will in a moment.
                health.ReleaseProbe(target.Backend.Id);
                Log.DestinationPending(logger, gateway.RequestId, target.Backend.Name);
                continue;
            }

            var body = BackendRequestFactory.BodyFor(gateway, target);
            var previous = gateway.Outcome;
            var attempt = gateway.StartAttempt(target, body, deadline, new ResponseObserver(clock));
            context.Request.Body = new ReadOnlyMemoryStream(body);
            context.Request.ContentLength = body.Length;
            proxy.AvailableDestinations = [destination];
            Log.Attempting(logger, gateway.RequestId, attempt.Number, alias.Name, target.DeploymentName, target.Backend.Name, target.Tier);
            // Started before the forwarder, so that the HTTP client's own span nests under this attempt's.
            var span = AttemptSpan.Start(attempt, previous);
            var started = clock.GetTimestamp();
            try
            {
                await next(context);
            }
            catch (Exception exception)
            {
                // A half-open circuit's probe slot must not stay claimed by a request that ended in an exception.
                health.ReleaseProbe(target.Backend.Id);
                AttemptSpan.Failed(span, exception);
                // Every attempt that was sent ends with an outcome, so the request still leaves a record of where it
                // went. Not reported to the observers: an exception says nothing certain about the backend.
                gateway.Ended(AttemptClassifier.Unfinished(target, attempt.Number, context.RequestAborted.IsCancellationRequested));
                throw;
            }

            var (status, timedOut, abandoned) = Answer(context, attempt);
            var outcome = classifier.Classify(
                target, attempt.Number, status, attempt.RetryAfter, attempt.Observer, gateway.Request.Inspected.Stream, started, timedOut, abandoned, ClientGone(context));
            AttemptSpan.End(span, outcome);
            gateway.Ended(outcome);
            observers.Report(gateway, outcome);

            if (outcome.Result == AttemptResult.Cut)
            {
                if (context.RequestAborted.IsCancellationRequested)
                {
                    return;
                }

                throw new BackendStreamInterruptedException(gateway.RequestId, target.Backend.Name, attempt.Observer.CutCause);
            }

            if (outcome.Delivered)
            {
                if (!context.RequestAborted.IsCancellationRequested)
                {
                    // The client gets the end of its answer now (the last chunk of a chunked body), not after the
                    // steps behind this one have settled the quota and recorded usage.
                    await context.Response.CompleteAsync();
                }

                // The client has its answer; a copy to green, if the rollout asks for one, starts only now and never touches it.
                shadow.MaybeCopy(gateway, context.Request.Query);
                return;
            }

            if (outcome.Result == AttemptResult.Abandoned)
            {
                // Nobody is waiting for an answer, and another deployment would only do work no one reads.
                Log.Abandoned(logger, gateway.RequestId, target.DeploymentName, target.Backend.Name);
                return;
            }

            if (outcome.Result == AttemptResult.Throttled)
            {
                var rest = health.RestFor(outcome.RetryAfter);
                unavailable.NoteThrottled(clock.GetUtcNow() + rest);
                Log.Throttled(logger, gateway.RequestId, target.DeploymentName, target.Backend.Name, rest.TotalMilliseconds);
            }
            else
            {
                unavailable.NoteFailed(health.CircuitOpenUntil(target.Backend.Id));
                Log.Failed(logger, gateway.RequestId, target.DeploymentName, target.Backend.Name, outcome.FigureStatus, outcome.Result);
            }

            if (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }

            ResetResponse(context);
            if (gateway.Request.Inspected.NamesStoredObject)
            {
                // Another deployment would not know the stored response or conversation and would answer with a
                // permanent error; this deployment's own retryable answer serves the client better.
                pinned = "The request names a stored response or conversation that only the deployment which created it knows, so the gateway does not send it elsewhere.";
                break;
            }
        }

        if (owner is not null)
        {
            await GatewayErrorWriter.WriteAsync(context, OwnerError(gateway.Outcome));
            return;
        }

        var regions = gateway.Caller.Team.AllowedRegions;
        var error = RegionLimit.ExcludesAny(regions, alias)
            ? unavailable.ToResidencyError(alias.Name, regions!, RegionLimit.AllowsAny(regions, alias), clock.GetUtcNow(), pinned)
            : unavailable.ToError(alias.Name, clock.GetUtcNow(), pinned);
        await GatewayErrorWriter.WriteAsync(context, error);
    }

    /// <summary>
    /// The owner of the stored response or conversation, tried once: it alone knows the object, so a request it
    /// cannot take now waits for it rather than going to a deployment that would answer with a permanent error.
    /// </summary>
    private BackendSelection SelectOwner(AliasTargetEntry owner, List<Guid> tried)
    {
        if (tried.Count > 0)
        {
            return new BackendSelection(null, null, null);
        }

        var down = health.CircuitOpenUntil(owner.Backend.Id);
        return down is null && health.TryEnter(owner.Backend.Id)
            ? new BackendSelection(owner, null, null)
            : new BackendSelection(null, null, down ?? clock.GetUtcNow() + StatefulApis.StatefulErrors.DefaultOwnerRetry);
    }

    /// <summary>The owner's own 429 with its retry-after; or 503 <c>owner_unavailable</c> when it failed or was not tried.</summary>
    private GatewayError OwnerError(AttemptOutcome? outcome)
    {
        if (outcome is { Result: AttemptResult.Throttled } throttled)
        {
            return new GatewayError(429, "The deployment that stores this conversation is busy; try again after the time given.", "rate_limit_error", "rate_limit_exceeded")
            {
                RetryAfter = throttled.RetryAfter ?? health.RestFor(null),
                ShouldRetry = true,
            };
        }

        var until = outcome is null ? null : health.CircuitOpenUntil(outcome.Target.Backend.Id);
        var now = clock.GetUtcNow();
        return StatefulApis.StatefulErrors.OwnerUnavailable(until is { } u && u > now ? u - now : StatefulApis.StatefulErrors.DefaultOwnerRetry);
    }

    /// <summary>
    /// The attempt's wait for response headers: the alias's own or the gateway's, held to half the retry budget so
    /// a request caught by a silent backend always has time for another attempt.
    /// </summary>
    private static TimeSpan FirstByteDeadline(AliasEntry alias, GatewayOptions settings) =>
        TimeSpan.FromSeconds(Math.Min(alias.FirstByteTimeout?.TotalSeconds ?? settings.FirstByteTimeoutSeconds, settings.RetryBudgetSeconds / 2));

    /// <summary>
    /// The backend's status as far as this attempt goes: none when YARP failed to get an answer before the response
    /// started (a connect error, a timeout, a reset before the headers), whatever the transform saw; whether the
    /// attempt's deadline or the idle timeout gave up on it; and whether, with no answer, the client had left (YARP
    /// then cancels the backend call itself and reports it as the client's cancellation, or as a failed request).
    /// </summary>
    private static (int? Status, bool TimedOut, bool Abandoned) Answer(HttpContext context, GatewayAttempt attempt)
    {
        var error = context.Features.Get<IForwarderErrorFeature>();
        var clientLeft = context.RequestAborted.IsCancellationRequested;
        if (error is null || context.Response.HasStarted
            || error.Error is not (ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.RequestCreation
                or ForwarderError.ResponseHeaders or ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled))
        {
            return (attempt.BackendStatus, false, attempt.BackendStatus is null && clientLeft);
        }

        var timedOut = error.Error == ForwarderError.RequestTimedOut || error.Exception is TimeoutException;
        return (null, timedOut, !timedOut && (clientLeft || error.Error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled));
    }

    /// <summary>
    /// Whether the client went away during the attempt, answered or not: its connection closed or its request was
    /// cancelled, as Kestrel or YARP's error tell it. A load tool stopping, a user closing a chat, a client's own timeout.
    /// </summary>
    private static bool ClientGone(HttpContext context) =>
        context.RequestAborted.IsCancellationRequested
        || context.Features.Get<IForwarderErrorFeature>()?.Error is ForwarderError.RequestCanceled or ForwarderError.RequestBodyCanceled
            or ForwarderError.ResponseBodyCanceled;

    private static void ResetResponse(HttpContext context)
    {
        context.Features.Set<IForwarderErrorFeature>(null);
        context.Response.Clear();
    }

    private static DestinationState? FindDestination(IReverseProxyFeature proxy, BackendEntry backend)
    {
        foreach (var destination in proxy.AllDestinations)
        {
            if (string.Equals(destination.DestinationId, backend.DestinationId, StringComparison.Ordinal))
            {
                return destination;
            }
        }

        return null;
    }

    private static partial class Log
    {
        [LoggerMessage(200, LogLevel.Debug, "Request {RequestId}: attempt {Attempt} for {Alias} on deployment {Deployment} at backend {Backend} (tier {Tier})")]
        public static partial void Attempting(ILogger logger, string requestId, int attempt, string alias, string deployment, string backend, int tier);

        [LoggerMessage(201, LogLevel.Information, "Request {RequestId}: deployment {Deployment} at backend {Backend} throttled; resting it {RestMs} ms")]
        public static partial void Throttled(ILogger logger, string requestId, string deployment, string backend, double restMs);

        [LoggerMessage(202, LogLevel.Warning, "Request {RequestId}: deployment {Deployment} at backend {Backend} failed ({Status}, {Result})")]
        public static partial void Failed(ILogger logger, string requestId, string deployment, string backend, int status, AttemptResult result);

        [LoggerMessage(204, LogLevel.Information, "Request {RequestId}: the client left before deployment {Deployment} at backend {Backend} answered")]
        public static partial void Abandoned(ILogger logger, string requestId, string deployment, string backend);

        [LoggerMessage(203, LogLevel.Debug, "Request {RequestId}: backend {Backend} is not in the proxy configuration yet; skipped")]
        public static partial void DestinationPending(ILogger logger, string requestId, string backend);
    }
}
