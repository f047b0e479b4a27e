using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Rollouts;

namespace AiGateway.Gateway.Rollouts;

/// <summary>Blue and green side by side over a rollout's current phase, summed over every replica, with the guards' verdict.</summary>
/// <param name="Idle">The sides that have had no requests (so no clients) in the phase.</param>
/// <param name="Notes">What a person should know about the figures, such as why a side has had nothing yet.</param>
public sealed record RolloutComparison(
    Guid RolloutId,
    int Phase,
    DateTimeOffset At,
    RolloutSideSummary Blue,
    RolloutSideSummary Green,
    RolloutJudgement Judgement,
    IReadOnlyList<RolloutSide> Idle,
    IReadOnlyList<string> Notes)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>The figures as a rollout event records them.</summary>
    public string ToJson() => JsonSerializer.Serialize(new { Phase, At, Blue, Green, Judgement.Judged, Judgement.Breaches, Idle }, Json);

    public static RolloutComparison Of(RolloutView rollout, DateTimeOffset at, RolloutSideFigures blue, RolloutSideFigures green)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(blue);
        ArgumentNullException.ThrowIfNull(green);
        var idle = new List<RolloutSide>(2);
        var notes = new List<string>(2);
        if (blue.Requests == 0)
        {
            idle.Add(RolloutSide.Blue);
            notes.Add(rollout.CurrentWeight >= 100
                ? "Blue has had no requests in this step: green takes all of them at 100 %, so green's rates are judged against zero."
                : "Blue has had no requests in this step.");
        }

        if (green.Requests == 0)
        {
            idle.Add(RolloutSide.Green);
            notes.Add(blue.Requests == 0 ? "Green has had no requests in this step either: nobody has called the alias since it began." : GreenIdleNote(rollout));
        }

        return new RolloutComparison(rollout.Id, rollout.Revision, at, RolloutSideSummary.Of(blue), RolloutSideSummary.Of(green), RolloutGuard.Judge(rollout, blue, green), idle, notes);
    }

    private static string GreenIdleNote(RolloutView rollout)
    {
        if (rollout.CurrentWeight == 0)
        {
            return rollout.ShadowPercent > 0
                ? "Green has had no requests in this step: at 0 % only testers who send x-gateway-rollout: green, and shadow copies of blue's requests, reach it."
                : "Green has had no requests in this step: at 0 % only testers who send x-gateway-rollout: green reach it.";
        }

        return rollout.Assignment == RolloutAssignmentMode.PerClient && rollout.CurrentWeight < 100
            ? string.Create(CultureInfo.InvariantCulture,
                $"Green has had no requests in this step: with assignment per client at {rollout.CurrentWeight} %, none of the clients calling is on green. Per-request assignment would send it {rollout.CurrentWeight} % of the requests instead.")
            : "Green has had no requests in this step.";
    }
}
