using System.Globalization;
using AiGateway.Gateway.Quotas;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Quotas;
using AiGateway.Shared.Services.Throttling;

namespace AiGateway.Portal.Components.Pages.Throttling;

/// <summary>Says in words why a request was held back, naming the limit and its policy, or the deployment and backend.</summary>
public static class ThrottleReason
{
    public static string Describe(ThrottleEventView entry, QuotaPolicyView? policy)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (entry.Kind == ThrottleEventKind.BackendThrottle)
        {
            return $"Deployment {entry.DeploymentName} at backend {entry.BackendName} answered 429; the gateway rested it and tried another.";
        }

        if (entry.Kind == ThrottleEventKind.CapacityShed)
        {
            return $"Alias {entry.AliasName} had no capacity left for the request's priority class; it was refused or shed from the queue.";
        }

        var limit = Enum.TryParse<QuotaLimitKind>(entry.QuotaLimit, out var kind) ? kind : (QuotaLimitKind?)null;
        if (limit == QuotaLimitKind.RequestsInFlight)
        {
            return "Limit reached: the team's cap of requests in flight at one gateway replica.";
        }

        var words = limit switch
        {
            QuotaLimitKind.RequestsPerMinute => $"requests per minute{Value(policy?.RequestsPerMinute)}",
            QuotaLimitKind.TokensPerMinute => $"tokens per minute{Value(policy?.TokensPerMinute)}",
            QuotaLimitKind.DailyTokenBudget => $"daily token budget{Value(policy?.DailyTokenBudget)}",
            QuotaLimitKind.MonthlyTokenBudget => $"monthly token budget{Value(policy?.MonthlyTokenBudget)}",
            QuotaLimitKind.RequestTooLarge => "a single request's tokens: more than a token limit allows at once",
            QuotaLimitKind.DailyCostBudget => $"daily cost budget{Money(policy?.DailyCostBudget)}",
            QuotaLimitKind.MonthlyCostBudget => $"monthly cost budget{Money(policy?.MonthlyCostBudget)}",
            _ => "a quota",
        };
        return $"Limit reached: {words}, {PolicyName(entry, policy)}.";
    }

    public static string PolicyName(ThrottleEventView entry, QuotaPolicyView? policy)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (policy is null)
        {
            return entry.PolicyId is { } id ? $"policy {id.ToString()[..8]}" : "policy unknown";
        }

        return policy.Scope switch
        {
            QuotaScope.Team => "the team's policy",
            QuotaScope.Key => $"the policy of key {entry.KeyName ?? entry.KeyPrefix}",
            QuotaScope.TeamAlias => $"the team's policy for alias {entry.AliasName}",
            _ => "policy",
        };
    }

    public static string RetryAfter(TimeSpan? retryAfter) => retryAfter switch
    {
        null => "–",
        { TotalSeconds: < 1 } wait => $"{wait.TotalMilliseconds.ToString("N0", CultureInfo.InvariantCulture)} ms",
        { TotalMinutes: < 2 } wait => $"{Math.Ceiling(wait.TotalSeconds).ToString(CultureInfo.InvariantCulture)} s",
        { TotalHours: < 2 } wait => $"{Math.Ceiling(wait.TotalMinutes).ToString(CultureInfo.InvariantCulture)} min",
        { } wait => $"{Math.Ceiling(wait.TotalHours).ToString(CultureInfo.InvariantCulture)} h",
    };

    private static string Value(long? limit) => limit is { } value ? $" ({value.ToString("N0", CultureInfo.InvariantCulture)})" : "";

    private static string Money(decimal? budget) => budget is { } value ? $" ({Teams.TeamFormat.Money(value)})" : "";
}
