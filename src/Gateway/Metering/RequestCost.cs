using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// What a request cost: its usage priced by the version of the serving deployment's price table in force when the
/// request started, in the service tier the answer named. The usage record is billed this figure and cost budgets
/// settle to it, so a budget and the bill always agree.
/// </summary>
public static class RequestCost
{
    /// <summary>The tier an answer was priced in: the one it named, when one was delivered; else none (the default).</summary>
    public static string? ServiceTierOf(AttemptOutcome outcome, GatewayAttempt attempt)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(attempt);
        return outcome.Delivered ? attempt.Observer.ServiceTier : null;
    }

    public static decimal Of(GatewayRequestContext gateway, AttemptOutcome outcome, GatewayAttempt attempt, RequestUsage usage)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(usage);
        // Worked out once: the quota settlement and the usage record both ask for it.
        // A price changed later does not re-price the request: the version in force when it started applies.
        return gateway.Cost ??= outcome.Target.Pricing.At(gateway.StartedAt, ServiceTierOf(outcome, attempt)).CostOf(usage.Counts);
    }
}
