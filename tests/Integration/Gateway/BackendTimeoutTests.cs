using System.Net;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Gateway;

/// <summary>A backend that never answers is given up on after <c>Gateway:BackendTimeoutSeconds</c> and the request goes elsewhere.</summary>
public sealed class BackendTimeoutTests() : GatewayTestBase(new Dictionary<string, string?>
{
    // YARP's activity timeout runs on real time; keep it short so the test stays fast.
    ["Gateway:BackendTimeoutSeconds"] = "0.3",
})
{
    [Fact]
    public async Task BackendHangs_TimesOut_AndIsRetriedOnTheNextDeployment()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { hangRate = 1.0 } });

        using var response = await ChatAsync();

        var body = await ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("chat.completion", body.GetProperty("object").GetString());
        Assert.Equal(StandardDeployment, Header(response, "x-gateway-deployment"));
        Assert.Equal("2", Header(response, "x-gateway-attempts"));
    }
}
