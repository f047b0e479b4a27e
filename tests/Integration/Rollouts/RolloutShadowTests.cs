using System.Diagnostics;
using System.Net;
using AiGateway.Gateway.Rollouts;
using AiGateway.Gateway.Telemetry;
using AiGateway.Integration.Infrastructure;
using AiGateway.Integration.Telemetry;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Integration.Rollouts;

/// <summary>
/// Shadow mode: blue's requests are copied to green after blue answered; green's answers are measured for the guards
/// and thrown away, and neither the client's answers nor its quota change.
/// </summary>
public sealed class RolloutShadowTests() : RolloutTestBase(new Dictionary<string, string?> { ["Rollouts:TickSeconds"] = "3600" }, ShadowOutcomes.Register)
{
    private const int Requests = 12;

    [Fact]
    public async Task ShadowTraffic_ReachesGreenAndIsMeasured_ButChangesNeitherAnswersNorQuotasNorUsage()
    {
        await CreateAsync("/api/admin/quota-policies", new { scope = "Team", teamId = TeamId, requestsPerMinute = 100 });
        // Blue-green with no warm-up: every client is on blue, and green sees only the shadow copies.
        var id = (await StartRolloutAsync(new { strategy = "BlueGreen", stepWeights = new[] { 0 }, shadowPercent = 100, minSamples = 5, stepHoldSeconds = 600 }))
            .GetProperty("id").GetGuid();

        // The client sends its requests in a trace of its own: the shadow copies show up in it.
        var traceId = ActivityTraceId.CreateRandom();
        using var trace = new TraceRecorder(traceId, GatewayActivities.SourceName);
        using var client = Gateway.CreateGatewayClient(Key);
        client.DefaultRequestHeaders.Add("traceparent", $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        for (var i = 1; i <= Requests; i++)
        {
            using var response = await ChatAsync(client);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal((ProvisionedDeployment, "blue"), (Header(response, "x-gateway-deployment"), Header(response, "x-gateway-rollout")));
            Assert.Equal((100 - i).ToString(System.Globalization.CultureInfo.InvariantCulture), Header(response, "x-ratelimit-remaining-requests"));
        }

        await Gateway.Services.GetRequiredService<ShadowOutcomes>().WaitForAsync(Requests, Ct).WaitAsync(TimeSpan.FromSeconds(20), Ct);
        Assert.Equal(Requests, await GreenSimulator.RequestsAsync(GreenDeployment));
        var requestSpans = trace.Stopped.Where(s => s.Kind == ActivityKind.Internal).Select(s => s.SpanId).ToHashSet();
        var shadows = trace.Stopped.Where(s => s.DisplayName == $"shadow {GreenDeployment}").ToList();
        Assert.Equal(Requests, shadows.Count);
        Assert.All(shadows, s =>
        {
            Assert.Equal(ActivityKind.Client, s.Kind);
            Assert.Contains(s.ParentSpanId, requestSpans);
            Assert.Equal(("green", true, "succeeded"), ((string?)s.GetTagItem(GatewaySpanAttributes.RolloutSide), (bool?)s.GetTagItem(GatewaySpanAttributes.Shadow), (string?)s.GetTagItem(GatewaySpanAttributes.AttemptResult)));
        });
        await Gateway.Services.GetRequiredService<RolloutDriver>().TickAsync(Ct);
        using var figures = await Admin.GetAsync($"/api/admin/rollouts/{id}/figures", Ct);
        var comparison = await ReadJsonAsync(figures, HttpStatusCode.OK);
        Assert.Equal(Requests, comparison.GetProperty("green").GetProperty("requests").GetInt64());
        Assert.Equal(Requests, comparison.GetProperty("blue").GetProperty("requests").GetInt64());
        Assert.True(comparison.GetProperty("judgement").GetProperty("judged").GetBoolean());

        var database = await Gateway.StopAsync();
        await using var db = database();
        var usage = await db.UsageRecords.AsNoTracking().ToListAsync(Ct);
        Assert.Equal(Requests, usage.Count);
        Assert.DoesNotContain(usage, u => u.DeploymentId == GreenDeploymentId);
    }

    [Fact]
    public async Task FaultyGreenInTheShadow_ClientsNeverNotice_AndTheGuardsRollItBack()
    {
        await GreenSimulator.ConfigureAsync(GreenDeployment, new { faults = new { errorRate = 1.0 } });
        var id = (await StartRolloutAsync(new { strategy = "BlueGreen", stepWeights = new[] { 0 }, shadowPercent = 100, minSamples = 5, stepHoldSeconds = 600 }))
            .GetProperty("id").GetGuid();

        for (var i = 0; i < Requests; i++)
        {
            using var response = await ChatAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("1", Header(response, "x-gateway-attempts"));
        }

        await Gateway.Services.GetRequiredService<ShadowOutcomes>().WaitForAsync(Requests, Ct).WaitAsync(TimeSpan.FromSeconds(20), Ct);
        await Gateway.Services.GetRequiredService<RolloutDriver>().TickAsync(Ct);

        var rollout = await RolloutAsync(id);
        Assert.Equal("RolledBack", rollout.GetProperty("state").GetString());
        Assert.Contains("5xx error rate", rollout.GetProperty("history").EnumerateArray().Last().GetProperty("reason").GetString(), StringComparison.Ordinal);
    }
}
