using System.Diagnostics;
using System.Globalization;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Forwarding;
using Attr = AiGateway.Gateway.Telemetry.GatewaySpanAttributes;

namespace AiGateway.Gateway.Telemetry;

/// <summary>
/// The Client span of one try of one deployment (<c>attempt {deployment}</c>), a child of the request's span. It is
/// started before the forwarder runs, so the HTTP client's own span (<c>System.Net.Http</c>) nests under it and the
/// backend gets this attempt's trace context; a stream's attempt ends when its body does.
/// </summary>
internal static class AttemptSpan
{
    private const string Name = "attempt";
    private const string ShadowName = "shadow";

    /// <param name="previous">How the request's previous attempt ended, which is why this one is made; null for the first.</param>
    public static Activity? Start(GatewayAttempt attempt, AttemptOutcome? previous)
    {
        var activity = Begin(Name, attempt.Target);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(Attr.AttemptNumber, attempt.Number);
            if (previous is not null)
            {
                activity.SetTag(Attr.RetryReason, MetricValues.Result(previous.Result));
            }
        }

        return activity;
    }

    /// <summary>
    /// The Client span of a rollout's shadow copy to green (<c>shadow {deployment}</c>): a child of the request's span,
    /// though it runs after the client has its answer, so a trace shows what green was asked and how it did.
    /// </summary>
    public static Activity? StartShadow(AliasTargetEntry green)
    {
        var activity = Begin(ShadowName, green);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(Attr.RolloutSide, MetricValues.Green);
            activity.SetTag(Attr.Shadow, true);
        }

        return activity;
    }

    private static Activity? Begin(string name, AliasTargetEntry target)
    {
        var activity = GatewayActivities.Source.StartActivity(name, ActivityKind.Client);
        if (activity is not { IsAllDataRequested: true })
        {
            return activity;
        }

        var backend = target.Backend;
        activity.DisplayName = name + " " + target.DeploymentName;
        activity.SetTag(Attr.ProviderName, MetricValues.ProviderName(backend.Kind));
        activity.SetTag(Attr.Backend, backend.Name);
        activity.SetTag(Attr.Deployment, target.DeploymentName);
        if (Uri.TryCreate(backend.BaseUrl, UriKind.Absolute, out var address))
        {
            activity.SetTag(Attr.ServerAddress, address.Host);
            activity.SetTag(Attr.ServerPort, address.Port);
        }

        return activity;
    }

    public static void End(Activity? activity, AttemptOutcome outcome)
    {
        if (activity is null)
        {
            return;
        }

        if (activity.IsAllDataRequested)
        {
            activity.SetTag(Attr.AttemptResult, MetricValues.Result(outcome.Result));
            if (outcome.BackendStatus is { } status)
            {
                activity.SetTag(Attr.HttpResponseStatusCode, status);
            }

            if (outcome.Result != AttemptResult.Succeeded)
            {
                activity.SetTag(Attr.ErrorType, outcome.BackendStatus is >= 400
                    ? outcome.BackendStatus.Value.ToString(CultureInfo.InvariantCulture)
                    : MetricValues.Result(outcome.Result));
                activity.SetStatus(ActivityStatusCode.Error);
            }
        }

        activity.Stop();
    }

    /// <summary>The forwarder threw: the attempt has no outcome, only the exception's type.</summary>
    public static void Failed(Activity? activity, Exception exception)
    {
        if (activity is null)
        {
            return;
        }

        if (activity.IsAllDataRequested)
        {
            activity.SetTag(Attr.ErrorType, exception.GetType().FullName);
            activity.SetStatus(ActivityStatusCode.Error);
        }

        activity.Stop();
    }
}
