using AiGateway.Gateway.Context;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Tests.Metering;

/// <summary>Usage records as the pipeline builds them.</summary>
internal static class UsageSamples
{
    public static readonly Guid Team = Guid.Parse("0193a000-0000-7000-8000-000000000001");
    public static readonly Guid Key = Guid.Parse("0193a000-0000-7000-8000-000000000002");
    public static readonly Guid Deployment = Guid.Parse("0193a000-0000-7000-8000-000000000003");
    public static readonly Guid Backend = Guid.Parse("0193a000-0000-7000-8000-000000000004");
    public static readonly DateTimeOffset At = new(2026, 11, 25, 10, 15, 0, TimeSpan.Zero);

    public static UsageRecord Record(string requestId, int prompt = 100, int completion = 20, int status = 200, decimal cost = 0.001m) => new()
    {
        At = At,
        RequestId = requestId,
        TeamId = Team,
        ApiKeyId = Key,
        AliasName = "gpt-4o-mini",
        DeploymentId = Deployment,
        BackendId = Backend,
        Operation = "chat.completions",
        PromptTokens = prompt,
        CompletionTokens = completion,
        StatusCode = status,
        LatencyMs = 250,
        Cost = cost,
    };

    public static UsageRecord[] Records(int count, string prefix = "req") =>
        Enumerable.Range(1, count).Select(i => Record($"{prefix}-{i}")).ToArray();
}
