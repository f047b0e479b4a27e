using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Usage;

namespace AiGateway.Shared.Tests.Services.Usage;

public sealed class UsageRollupDeltaTests
{
    private static readonly Guid Team = Guid.NewGuid();
    private static readonly Guid Key = Guid.NewGuid();
    private static readonly Guid Deployment = Guid.NewGuid();
    private static readonly Guid Backend = Guid.NewGuid();

    [Fact]
    public void HourOf_AnyOffset_IsTheStartOfTheUtcHour()
    {
        var hour = UsageRollupDelta.HourOf(new DateTimeOffset(2026, 11, 25, 11, 59, 59, TimeSpan.FromHours(2)));

        Assert.Equal(new DateTimeOffset(2026, 11, 25, 9, 0, 0, TimeSpan.Zero), hour);
        Assert.Equal(TimeSpan.Zero, hour.Offset);
    }

    [Fact]
    public void Aggregate_RecordsOfOneHourAndDimensions_AddUpToOneDelta()
    {
        var deltas = UsageRollupDelta.Aggregate(
        [
            Record(10, 0, 200, prompt: 100, completion: 10, latency: 300, cost: 0.25m),
            Record(10, 20, 500, prompt: 50, completion: 0, latency: 1000, cost: 0.125m),
            Record(10, 59, 429, prompt: 0, completion: 0, latency: 5, cost: 0m),
            Record(10, 30, 503, prompt: 7, completion: 3, latency: 10, cost: 0.001m),
            Record(10, 31, 400, prompt: 1, completion: 0, latency: 1, cost: 0m),
        ]);

        var delta = Assert.Single(deltas);
        Assert.Equal(new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero), delta.HourStart);
        Assert.Equal((5L, 158L, 13L, 2L, 1L, 1316L, 0.376m), (delta.Requests, delta.PromptTokens, delta.CompletionTokens, delta.ErrorCount, delta.ThrottledCount, delta.LatencyMsSum, delta.Cost));
    }

    [Fact]
    public void Aggregate_DifferentHoursAndAbsentDimensions_AreSeparateDeltasWithEmptyIds()
    {
        var withoutKey = Record(10, 5, 200);
        withoutKey.ApiKeyId = null;
        withoutKey.DeploymentId = null;
        withoutKey.BackendId = null;

        var deltas = UsageRollupDelta.Aggregate([Record(11, 0, 200), Record(10, 0, 200), withoutKey]);

        Assert.Equal(3, deltas.Count);
        Assert.Equal([10, 10, 11], deltas.Select(d => d.HourStart.Hour));
        var empty = Assert.Single(deltas, d => d.ApiKeyId == Guid.Empty);
        Assert.Equal((Guid.Empty, Guid.Empty), (empty.DeploymentId, empty.BackendId));
    }

    private static UsageRecord Record(int hour, int minute, int status, int prompt = 10, int completion = 5, int latency = 100, decimal cost = 0.01m) => new()
    {
        At = new DateTimeOffset(2026, 11, 25, hour, minute, 0, TimeSpan.Zero),
        RequestId = Guid.NewGuid().ToString("N"),
        TeamId = Team,
        ApiKeyId = Key,
        AliasName = "gpt-4o-mini",
        DeploymentId = Deployment,
        BackendId = Backend,
        Operation = "chat.completions",
        PromptTokens = prompt,
        CompletionTokens = completion,
        StatusCode = status,
        LatencyMs = latency,
        Cost = cost,
    };
}
