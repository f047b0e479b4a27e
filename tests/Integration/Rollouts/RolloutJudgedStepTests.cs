using System.Net;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Rollouts;

/// <summary>
/// A step ends only once the guards have judged it (green reached <c>minSamples</c> in the step); one that cannot
/// gather the samples within <c>maxStepSeconds</c> is paused for an admin, unless the rollout explicitly allows
/// steps to end unjudged. On a fake clock; the driver ticks only when a test says so.
/// </summary>
public sealed class RolloutJudgedStepTests() : RolloutTestBase(new Dictionary<string, string?>
{
    ["Rollouts:TickSeconds"] = "3600",
    ["Gateway:CircuitFailureThreshold"] = "100",
})
{
    [Fact]
    public async Task Driver_HoldOverButGreenShortOfMinSamples_NeitherAdvancesNorPromotes_ThenPausesAtMaxStepSeconds()
    {
        // The case callers hit: a faulty green, a 3 s hold and too little traffic for 20 samples.
        await GreenSimulator.ConfigureAsync(GreenDeployment, new { faults = new { errorRate = 0.5 } });
        var id = (await StartRolloutAsync(new { stepWeights = new[] { 50, 100 }, stepHoldSeconds = 3, minSamples = 20, maxStepSeconds = 60 }))
            .GetProperty("id").GetGuid();
        await SendAsync([Client], rounds: 5, expectAllOk: true);

        // Past the hold (3 s) and just short of the step's limit (60 s): the step waits for its judgement.
        foreach (var seconds in new[] { 3, 56 })
        {
            Gateway.Clock.Advance(TimeSpan.FromSeconds(seconds));
            await Driver.TickAsync(Ct);
            var waiting = await RolloutAsync(id);
            Assert.Equal(("Running", 0, 50), (waiting.GetProperty("state").GetString(), waiting.GetProperty("currentStep").GetInt32(), waiting.GetProperty("currentWeight").GetInt32()));
        }

        Assert.False((await FiguresAsync(id)).GetProperty("judgement").GetProperty("judged").GetBoolean());
        Gateway.Clock.Advance(TimeSpan.FromSeconds(1));
        await Driver.TickAsync(Ct);

        var paused = await RolloutAsync(id);
        Assert.Equal(("Paused", 0, 50), (paused.GetProperty("state").GetString(), paused.GetProperty("currentStep").GetInt32(), paused.GetProperty("currentWeight").GetInt32()));
        var last = paused.GetProperty("history").EnumerateArray().Last();
        var reason = last.GetProperty("reason").GetString()!;
        Assert.Contains("not judged within 60 s (maxStepSeconds)", reason, StringComparison.Ordinal);
        Assert.Contains("of the 20 samples", reason, StringComparison.Ordinal);
        Assert.StartsWith("rollout-driver@", last.GetProperty("actor").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, (await AliasTargetsAsync()).Count);

        // An admin's resume gives the step another window; without samples it still does not end.
        using var resume = await Admin.PostAsync($"/api/admin/rollouts/{id}/resume", null, Ct);
        await ReadJsonAsync(resume, HttpStatusCode.OK);
        Gateway.Clock.Advance(TimeSpan.FromSeconds(3));
        await Driver.TickAsync(Ct);
        var resumed = await RolloutAsync(id);
        Assert.Equal(("Running", 0), (resumed.GetProperty("state").GetString(), resumed.GetProperty("currentStep").GetInt32()));
    }

    [Fact]
    public async Task Driver_StepHeldThenJudgedClean_AdvancesOnceGreenHasItsSamples()
    {
        var id = (await StartRolloutAsync(new { stepWeights = new[] { 100 }, stepHoldSeconds = 3, minSamples = 5 })).GetProperty("id").GetGuid();
        await SendAsync([Client], rounds: 2, expectAllOk: true);
        Gateway.Clock.Advance(TimeSpan.FromSeconds(3));
        await Driver.TickAsync(Ct);
        Assert.Equal("Running", (await RolloutAsync(id)).GetProperty("state").GetString());

        // One more than needed: the gateway counts an attempt just after its answer went out.
        await SendAsync([Client], rounds: 4, expectAllOk: true);
        await Driver.TickAsync(Ct);

        var promoted = await RolloutAsync(id);
        Assert.Equal("Promoted", promoted.GetProperty("state").GetString());
        Assert.Contains("guards clean", promoted.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Driver_AdvanceUnjudgedOptIn_EndsStepsOnTime_AndTheHistorySaysTheyWereUnjudged()
    {
        var rollout = await StartRolloutAsync(new { stepWeights = new[] { 50, 100 }, stepHoldSeconds = 3, minSamples = 20, advanceUnjudged = true });
        var id = rollout.GetProperty("id").GetGuid();
        Assert.True(rollout.GetProperty("advanceUnjudged").GetBoolean());

        Gateway.Clock.Advance(TimeSpan.FromSeconds(3));
        await Driver.TickAsync(Ct);
        var advanced = await RolloutAsync(id);
        Assert.Equal(("Running", 100), (advanced.GetProperty("state").GetString(), advanced.GetProperty("currentWeight").GetInt32()));
        Assert.Contains("advanced unjudged, as this rollout allows (advanceUnjudged)", advanced.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString(), StringComparison.Ordinal);

        Gateway.Clock.Advance(TimeSpan.FromSeconds(3));
        await Driver.TickAsync(Ct);
        var promoted = await RolloutAsync(id);
        Assert.Equal("Promoted", promoted.GetProperty("state").GetString());
        Assert.Contains("not judged", promoted.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    private async Task<List<Guid>> AliasTargetsAsync()
    {
        using var alias = await Admin.GetAsync($"/api/admin/aliases/{ChatAliasId}", Ct);
        return [.. (await ReadJsonAsync(alias, HttpStatusCode.OK)).GetProperty("targets").EnumerateArray().Select(t => t.GetProperty("deploymentId").GetGuid())];
    }
}
