using System.Globalization;
using AiGateway.Shared.Services.Rollouts;

namespace AiGateway.Gateway.Rollouts;

/// <summary>
/// Compares green with blue over a phase. Nothing is judged until green has <c>minSamples</c> attempts. Rates (5xx,
/// backend 429, content filter) breach when green's exceeds blue's by more than the allowed increase; when blue has
/// fewer than <c>minSamples</c> (green at 100 percent, say) green's rate is judged against zero. p95 latency, and
/// p95 time to first token for streams, breach when green's exceeds blue's by more than the allowed ratio; they are
/// judged only when both sides have that many samples.
/// </summary>
public static class RolloutGuard
{
    public static RolloutJudgement Judge(RolloutView rollout, RolloutSideFigures blue, RolloutSideFigures green)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        ArgumentNullException.ThrowIfNull(blue);
        ArgumentNullException.ThrowIfNull(green);
        var min = rollout.MinSamples;
        if (green.Requests < min)
        {
            return new RolloutJudgement(false, []);
        }

        var blueJudged = blue.Requests >= min;
        var breaches = new List<string>();
        Rate(breaches, "5xx error rate", green.ErrorRate, blueJudged ? blue.ErrorRate : 0, rollout.MaxErrorRateIncrease);
        Rate(breaches, "backend throttle rate", green.ThrottleRate, blueJudged ? blue.ThrottleRate : 0, rollout.MaxThrottleRateIncrease);
        Rate(breaches, "content-filter rate", green.ContentFilterRate, blueJudged ? blue.ContentFilterRate : 0, rollout.MaxContentFilterRateIncrease);
        if (rollout.MaxLatencyRatio is { } ratio)
        {
            if (green.LatencySamples >= min && blue.LatencySamples >= min)
            {
                Ratio(breaches, "p95 latency", green.P95LatencyMs, blue.P95LatencyMs, ratio);
            }

            if (green.FirstTokenSamples >= min && blue.FirstTokenSamples >= min)
            {
                Ratio(breaches, "p95 time to first token", green.P95FirstTokenMs, blue.P95FirstTokenMs, ratio);
            }
        }

        return new RolloutJudgement(true, breaches);
    }

    private static void Rate(List<string> breaches, string name, double green, double blue, double? maxIncrease)
    {
        if (maxIncrease is { } max && green - blue > max)
        {
            breaches.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {green:P1} on green against {blue:P1} on blue (at most {max * 100:0.##} points more allowed)"));
        }
    }

    private static void Ratio(List<string> breaches, string name, double? green, double? blue, double maxRatio)
    {
        if (green is { } g && blue is { } b && b > 0 && g / b > maxRatio)
        {
            breaches.Add(string.Create(CultureInfo.InvariantCulture, $"{name} {g:0} ms on green against {b:0} ms on blue (at most {maxRatio:0.##} times allowed)"));
        }
    }
}
