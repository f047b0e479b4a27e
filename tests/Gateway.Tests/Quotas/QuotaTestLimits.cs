using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Quotas;

namespace AiGateway.Gateway.Tests.Quotas;

/// <summary>Quota policies for tests, each with a fresh id, and counters of them.</summary>
internal static class QuotaTestLimits
{
    public static QuotaLimits Policy(int? rpm = null, int? tpm = null, long? daily = null, long? monthly = null) =>
        new(Guid.NewGuid(), rpm, tpm, daily, monthly, MaxTokensPerRequest: null);

    public static QuotaCounter Counter(Guid team, int? rpm = null, int? tpm = null, long? daily = null, long? monthly = null) =>
        new(team, Policy(rpm, tpm, daily, monthly));
}
