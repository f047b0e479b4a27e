using System.Net;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Rollouts;

/// <summary>
/// Per-request assignment gives green its share of requests however few clients call; the figures say when a side
/// has had nothing in the step.
/// </summary>
public sealed class RolloutAssignmentModeTests() : RolloutTestBase(new Dictionary<string, string?> { ["Rollouts:TickSeconds"] = "3600" })
{
    private const int Requests = 100;

    [Fact]
    public async Task PerRequest_OneClientAtFiftyPercent_ItsRequestsReachBothSidesInProportion()
    {
        var rollout = await StartRolloutAsync(new { stepWeights = new[] { 50, 100 }, assignment = "PerRequest" });
        Assert.Equal("PerRequest", rollout.GetProperty("assignment").GetString());

        var onGreen = 0;
        for (var i = 0; i < Requests; i++)
        {
            using var response = await ChatAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            onGreen += Header(response, "x-gateway-rollout") == "green" ? 1 : 0;
        }

        // Per client, one client is all on one side (0 or 100). Per request: within four standard deviations of 50.
        Assert.InRange(onGreen, 30, 70);
        Assert.Equal(onGreen, await GreenSimulator.RequestsAsync(GreenDeployment));
    }

    [Fact]
    public async Task Figures_GreenWithNoRequestsInTheStep_SayItIsIdleAndWhy()
    {
        var id = (await StartRolloutAsync(new { strategy = "BlueGreen", stepWeights = new[] { 0 } })).GetProperty("id").GetGuid();
        await SendAsync([Client], rounds: 3, expectAllOk: true);
        await Driver.TickAsync(Ct);

        var figures = await FiguresAsync(id);

        Assert.Equal(3, figures.GetProperty("blue").GetProperty("requests").GetInt64());
        Assert.Equal(["Green"], figures.GetProperty("idle").EnumerateArray().Select(s => s.GetString()));
        var note = Assert.Single(figures.GetProperty("notes").EnumerateArray()).GetString();
        Assert.Contains("Green has had no requests in this step", note, StringComparison.Ordinal);
    }
}
