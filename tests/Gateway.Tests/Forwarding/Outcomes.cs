using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Forwarding;

namespace AiGateway.Gateway.Tests.Forwarding;

/// <summary>Attempt outcomes as the classifier makes them, for observer tests.</summary>
internal static class Outcomes
{
    public static AttemptOutcome Of(AliasTargetEntry target, AttemptResult result, int? status, TimeSpan? retryAfter = null, bool shadow = false, bool clientGone = false) =>
        new(target, 1, result, status, retryAfter, ContentFiltered: false, result == AttemptResult.Succeeded ? 100 : null, null, shadow, clientGone);
}
