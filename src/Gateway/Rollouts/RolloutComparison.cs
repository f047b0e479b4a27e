using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiGateway.Gateway.Rollouts;

/// <summary>Blue and green side by side over a rollout's current phase, summed over every replica, with the guards' verdict.</summary>
public sealed record RolloutComparison(Guid RolloutId, int Phase, DateTimeOffset At, RolloutSideSummary Blue, RolloutSideSummary Green, RolloutJudgement Judgement)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The figures as a rollout event records them.</summary>
    public string ToJson() => JsonSerializer.Serialize(new { Phase, At, Blue, Green, Judgement.Judged, Judgement.Breaches }, Json);
}
