using System.Net;
using System.Net.Http.Json;
using AiGateway.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Integration.Gateway;

/// <summary>
/// A backend that accepts the connection and never sends its response headers is given up on at the attempt's
/// first-byte deadline (on the gateway's clock), and the request moves to a healthy deployment of the alias; the
/// silent attempt counts as a failure.
/// </summary>
public sealed class FirstByteDeadlineTests() : GatewayTestBase(new Dictionary<string, string?>
{
    ["Gateway:FirstByteTimeoutSeconds"] = "5",
})
{
    [Fact]
    public async Task ProvisionedNeverAnswers_TheRequestFailsOverAtTheDeadline_NotAfterTheIdleTimeout()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { hangRate = 1.0 } });

        using var response = await ChatPastDeadlinesAsync(TimeSpan.FromSeconds(5));

        var body = await ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("chat.completion", body.GetProperty("object").GetString());
        Assert.Equal(StandardDeployment, Header(response, "x-gateway-deployment"));
        Assert.Equal("2", Header(response, "x-gateway-attempts"));
    }

    [Fact]
    public async Task SilentAttempts_CountAsFailures_SoTheBackendsCircuitOpens()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { hangRate = 1.0 } });
        for (var i = 0; i < 3; i++)
        {
            using var failedOver = await ChatPastDeadlinesAsync(TimeSpan.FromSeconds(5));
            Assert.Equal(HttpStatusCode.OK, failedOver.StatusCode);
        }

        using var skipped = await ChatAsync();

        Assert.Equal(StandardDeployment, Header(skipped, "x-gateway-deployment"));
        Assert.Equal("1", Header(skipped, "x-gateway-attempts"));
    }

    [Fact]
    public async Task EveryDeploymentSilent_503WithRetryAfter_AndTheFailedRequestIsRecordedAsATimeout()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { hangRate = 1.0 } });
        await Simulator.ConfigureAsync(StandardDeployment, new { faults = new { hangRate = 1.0 } });

        using var response = await ChatPastDeadlinesAsync(TimeSpan.FromSeconds(5), silentAttempts: 2);

        var error = await ErrorAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("no_backend_available", error.GetProperty("code").GetString());
        Assert.Contains("failing", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.NotNull(response.Headers.RetryAfter?.Delta);
        var database = await Gateway.StopAsync();
        await using var db = database();
        var record = Assert.Single(await db.UsageRecords.ToListAsync(Ct));
        Assert.Equal(504, record.StatusCode);
        Assert.Equal(StandardDeploymentId, record.DeploymentId);
        Assert.Equal(0m, record.Cost);
    }

    [Fact]
    public async Task AnAliasMaySetItsOwnDeadline()
    {
        await SetAliasDeadlineAsync(2);
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { hangRate = 1.0 } });

        using var response = await ChatPastDeadlinesAsync(TimeSpan.FromSeconds(2));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(StandardDeployment, Header(response, "x-gateway-deployment"));
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(601)]
    public async Task AnAliasDeadlineOutOfBounds_IsRefusedWithTheReason(double seconds)
    {
        using var response = await PutAliasAsync(seconds);

        var problem = await ReadJsonAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("firstByteTimeoutSeconds", problem.GetProperty("errors").ToString(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Sends a chat request and, for each of its first <paramref name="silentAttempts"/> attempts, waits until the
    /// attempt's deadline timer is started and moves the gateway's clock past it; later attempts run on their own.
    /// </summary>
    private async Task<HttpResponseMessage> ChatPastDeadlinesAsync(TimeSpan deadline, int silentAttempts = 1)
    {
        Gateway.Clock.ForgetTimers();
        var sending = ChatAsync();
        for (var passed = 0; passed < silentAttempts;)
        {
            if (await Gateway.Clock.NextTimerAsync() == deadline)
            {
                Gateway.Clock.Advance(deadline);
                passed++;
            }
        }

        return await sending;
    }

    private async Task SetAliasDeadlineAsync(double seconds)
    {
        using var response = await PutAliasAsync(seconds);
        await ReadJsonAsync(response, HttpStatusCode.OK);
        await Gateway.ReloadAsync();
    }

    private Task<HttpResponseMessage> PutAliasAsync(double seconds) =>
        Admin.PutAsJsonAsync($"/api/admin/aliases/{ChatAliasId}", new
        {
            name = ChatAlias,
            firstByteTimeoutSeconds = seconds,
            targets = new[] { new { deploymentId = ProvisionedDeploymentId, weight = 1 }, new { deploymentId = StandardDeploymentId, weight = 1 } },
        }, GatewayFactory.Json, Ct);
}
