using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Quotas;

namespace AiGateway.Gateway.Tests.Quotas;

/// <summary>Quota policies for tests, each with a fresh id, and counters of them. Cost budgets are in micro-units.</summary>
internal static class QuotaTestLimits
{
    public static QuotaLimits Policy(
        int? rpm = null, int? tpm = null, long? daily = null, long? monthly = null, long? dailyCost = null, long? monthlyCost = null) =>
        new(Guid.NewGuid(), rpm, tpm, daily, monthly, MaxTokensPerRequest: null)
        {
            DailyCostBudgetMicros = dailyCost,
            MonthlyCostBudgetMicros = monthlyCost,
        };

    public static QuotaCounter Counter(
        Guid team, int? rpm = null, int? tpm = null, long? daily = null, long? monthly = null, long? dailyCost = null, long? monthlyCost = null) =>
        new(team, Policy(rpm, tpm, daily, monthly, dailyCost, monthlyCost));
}
