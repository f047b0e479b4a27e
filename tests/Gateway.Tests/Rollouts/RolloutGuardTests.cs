using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Rollouts;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Rollouts;

namespace AiGateway.Gateway.Tests.Rollouts;

public sealed class RolloutGuardTests
{
    [Fact]
    public void Judge_TooFewGreenSamples_DoesNotJudge()
    {
        var judgement = RolloutGuard.Judge(Rollout(), Figures(RolloutSide.Blue, 500, errors: 0), Figures(RolloutSide.Green, 49, errors: 49));

        Assert.False(judgement.Judged);
        Assert.False(judgement.Breached);
    }

    [Fact]
    public void Judge_GreenErrorRateAboveBluesByMoreThanAllowed_Breaches()
    {
        var rollout = Rollout();

        Assert.False(RolloutGuard.Judge(rollout, Figures(RolloutSide.Blue, 1000, errors: 10), Figures(RolloutSide.Green, 100, errors: 5)).Breached);
        var breach = RolloutGuard.Judge(rollout, Figures(RolloutSide.Blue, 1000, errors: 10), Figures(RolloutSide.Green, 100, errors: 7));

        Assert.True(breach.Breached);
        Assert.Contains("5xx error rate", Assert.Single(breach.Breaches), StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_BlueWithoutEnoughSamples_JudgesGreensRatesAgainstZero()
    {
        var judgement = RolloutGuard.Judge(Rollout(), Figures(RolloutSide.Blue, 3, errors: 0), Figures(RolloutSide.Green, 100, throttled: 20, filtered: 10));

        Assert.Equal(2, judgement.Breaches.Count);
        Assert.Contains(judgement.Breaches, b => b.StartsWith("backend throttle rate", StringComparison.Ordinal));
        Assert.Contains(judgement.Breaches, b => b.StartsWith("content-filter rate", StringComparison.Ordinal));
    }

    [Fact]
    public void Judge_GreenP95LatencyOverTheRatio_Breaches_AndAGuardSetToNullIsOff()
    {
        var blue = Figures(RolloutSide.Blue, 100, latencyMs: 200, firstTokenMs: 100);
        var green = Figures(RolloutSide.Green, 100, latencyMs: 1000, firstTokenMs: 150);

        var breach = RolloutGuard.Judge(Rollout(), blue, green);
        var off = RolloutGuard.Judge(Rollout(maxLatencyRatio: null), blue, green);

        Assert.Contains("p95 latency", Assert.Single(breach.Breaches), StringComparison.Ordinal);
        Assert.True(off.Judged);
        Assert.Empty(off.Breaches);
    }

    [Fact]
    public void Figures_HistogramRoundTripsAndAddsUp()
    {
        var figures = Figures(RolloutSide.Green, 10, latencyMs: 120);
        var parsed = RolloutSideFigures.ParseHistogram(RolloutSideFigures.FormatHistogram(figures.Latency));

        var sum = figures.Add(figures with { Latency = parsed });

        Assert.Equal(20, sum.Requests);
        Assert.Equal(20, sum.LatencySamples);
        Assert.Equal(150, sum.P95LatencyMs);
        Assert.Equal(new long[LiveTrafficLatency.BucketCount], RolloutSideFigures.ParseHistogram("1,2,x"));
    }

    private static RolloutView Rollout(double? maxLatencyRatio = 2.0) => RolloutView.From(new Rollout
    {
        StepWeights = [10, 100],
        MinSamples = 50,
        MaxErrorRateIncrease = 0.05,
        MaxThrottleRateIncrease = 0.10,
        MaxContentFilterRateIncrease = 0.05,
        MaxLatencyRatio = maxLatencyRatio,
        State = RolloutState.Running,
    });

    private static RolloutSideFigures Figures(RolloutSide side, long requests, long errors = 0, long throttled = 0, long filtered = 0, int? latencyMs = null, int? firstTokenMs = null)
    {
        var latency = new long[LiveTrafficLatency.BucketCount];
        var first = new long[LiveTrafficLatency.BucketCount];
        if (latencyMs is { } l)
        {
            latency[LiveTrafficLatency.BucketOf(l)] = requests;
        }

        if (firstTokenMs is { } f)
        {
            first[LiveTrafficLatency.BucketOf(f)] = requests;
        }

        return new RolloutSideFigures(side, requests, errors, throttled, filtered, latency, first);
    }
}
