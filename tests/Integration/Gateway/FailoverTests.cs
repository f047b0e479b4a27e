using System.Net;
using System.Net.Http.Json;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Gateway;

/// <summary>
/// Throttles and failures of a backend before any byte reached the client: the request goes to the next eligible
/// deployment and the client never sees the fault; when none is left it gets 429 or 503 with the right headers.
/// </summary>
public sealed class FailoverTests : GatewayTestBase
{
    [Fact]
    public async Task ProvisionedThrottles_SpillsToStandard_AndReturnsOnceItsRetryAfterHasPassed()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { throttleStormSeconds = 600, throttleRetryAfterMs = 5000 } });

        using var spilled = await ChatAsync();
        Assert.Equal(HttpStatusCode.OK, spilled.StatusCode);
        Assert.Equal(StandardDeployment, Header(spilled, "x-gateway-deployment"));
        Assert.Equal("2", Header(spilled, "x-gateway-attempts"));
        Assert.Equal(1, await Simulator.RequestsAsync(ProvisionedDeployment));

        // While it rests the provisioned deployment is not even asked.
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { throttleStormSeconds = 0 } });
        Gateway.Clock.Advance(TimeSpan.FromMilliseconds(4900));
        using var resting = await ChatAsync();
        Assert.Equal(StandardDeployment, Header(resting, "x-gateway-deployment"));
        Assert.Equal("1", Header(resting, "x-gateway-attempts"));
        Assert.Equal(1, await Simulator.RequestsAsync(ProvisionedDeployment));

        Gateway.Clock.Advance(TimeSpan.FromMilliseconds(100));
        using var back = await ChatAsync();
        Assert.Equal(HttpStatusCode.OK, back.StatusCode);
        Assert.Equal(ProvisionedDeployment, Header(back, "x-gateway-deployment"));
        Assert.Equal(2, await Simulator.RequestsAsync(ProvisionedDeployment));
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task BackendAnswers5xx_RetriedOnTheNextDeployment_WithNoClientVisibleError(int status)
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { errorRate = 1.0, errorStatus = status } });

        using var response = await ChatAsync();

        var body = await ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("chat.completion", body.GetProperty("object").GetString());
        Assert.Equal(StandardDeployment, Header(response, "x-gateway-deployment"));
        Assert.Equal("2", Header(response, "x-gateway-attempts"));
        Assert.Equal(1, await Simulator.RequestsAsync(ProvisionedDeployment));
    }

    [Fact]
    public async Task RepeatedFailures_OpenTheCircuit_SoTheBackendIsSkippedUntilItsBreakEnds()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { errorRate = 1.0 } });
        for (var i = 0; i < 3; i++)
        {
            using var failedOver = await ChatAsync();
            Assert.Equal(HttpStatusCode.OK, failedOver.StatusCode);
        }

        using var skipped = await ChatAsync();
        Assert.Equal("1", Header(skipped, "x-gateway-attempts"));
        Assert.Equal(3, await Simulator.RequestsAsync(ProvisionedDeployment));

        // After the break one probe goes through; it succeeds and closes the circuit.
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { errorRate = 0.0 } });
        Gateway.Clock.Advance(TimeSpan.FromSeconds(30));
        using var probe = await ChatAsync();
        Assert.Equal(ProvisionedDeployment, Header(probe, "x-gateway-deployment"));
        using var closed = await ChatAsync();
        Assert.Equal(ProvisionedDeployment, Header(closed, "x-gateway-deployment"));
    }

    [Fact]
    public async Task HalfOpenProbeIsThrottled_TheBackendIsUpAndReturnsAfterItsRetryAfter()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { errorRate = 1.0 } });
        for (var i = 0; i < 3; i++)
        {
            (await ChatAsync()).Dispose();
        }

        // The probe after the break meets a 429: the backend answered, so only the deployment rests.
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { errorRate = 0.0, throttleStormSeconds = 600, throttleRetryAfterMs = 1000 } });
        Gateway.Clock.Advance(TimeSpan.FromSeconds(30));
        using var probe = await ChatAsync();
        Assert.Equal(StandardDeployment, Header(probe, "x-gateway-deployment"));
        Assert.Equal("2", Header(probe, "x-gateway-attempts"));

        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { throttleStormSeconds = 0 } });
        Gateway.Clock.Advance(TimeSpan.FromSeconds(1));
        using var back = await ChatAsync();
        Assert.Equal(ProvisionedDeployment, Header(back, "x-gateway-deployment"));
    }

    [Fact]
    public async Task EveryDeploymentThrottled_Returns429WithTheEarliestRecovery()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { throttleStormSeconds = 600, throttleRetryAfterMs = 7000 } });
        await Simulator.ConfigureAsync(StandardDeployment, new { faults = new { throttleStormSeconds = 600, throttleRetryAfterMs = 2500 } });

        using var response = await ChatAsync();

        var error = await ErrorAsync(response, HttpStatusCode.TooManyRequests);
        Assert.Equal("rate_limit_error", error.GetProperty("type").GetString());
        Assert.Equal("2500", Header(response, "retry-after-ms"));
        Assert.Equal("3", response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("true", Header(response, "x-should-retry"));
        Assert.NotEmpty(Header(response, "x-request-id"));

        // The next request is refused at once from what the gateway knows, without asking the backends again.
        Gateway.Clock.Advance(TimeSpan.FromMilliseconds(1000));
        using var again = await ChatAsync();
        await ErrorAsync(again, HttpStatusCode.TooManyRequests);
        Assert.Equal("1500", Header(again, "retry-after-ms"));
        Assert.Equal(1, await Simulator.RequestsAsync(StandardDeployment));
    }

    [Fact]
    public async Task EveryBackendFails_Returns503()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { errorRate = 1.0 } });
        await Simulator.ConfigureAsync(StandardDeployment, new { faults = new { errorRate = 1.0, errorStatus = 502 } });

        using var response = await ChatAsync();

        var error = await ErrorAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("no_backend_available", error.GetProperty("code").GetString());
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal("1", response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.NotEmpty(Header(response, "x-request-id"));
    }

    [Fact]
    public async Task EveryCircuitOpen_Returns503UntilTheFirstMayRecover_NotA429()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { errorRate = 1.0 } });
        await Simulator.ConfigureAsync(StandardDeployment, new { faults = new { errorRate = 1.0 } });
        for (var i = 0; i < 3; i++)
        {
            (await ChatAsync()).Dispose();
        }

        Gateway.Clock.Advance(TimeSpan.FromSeconds(10));
        using var response = await ChatAsync();

        var error = await ErrorAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("no_backend_available", error.GetProperty("code").GetString());
        Assert.Contains("circuit open", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("20", response.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(3, await Simulator.RequestsAsync(StandardDeployment));
    }

    [Fact]
    public async Task OneThrottledOneFailing_TheMessageSaysWhichIsWhich()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { throttleStormSeconds = 600, throttleRetryAfterMs = 20000 } });
        await Simulator.ConfigureAsync(StandardDeployment, new { faults = new { errorRate = 1.0 } });

        using var response = await ChatAsync();

        var error = await ErrorAsync(response, HttpStatusCode.ServiceUnavailable);
        var message = error.GetProperty("message").GetString();
        Assert.Contains("rate limit", message, StringComparison.Ordinal);
        Assert.Contains("failing", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowUpNamingAStoredResponseItsOwnerFails_IsNotSentToAnotherDeployment()
    {
        using var created = await Client.PostAsJsonAsync("/openai/v1/responses", new { model = ChatAlias, input = "Hello" }, Ct);
        var id = (await ReadJsonAsync(created, HttpStatusCode.OK)).GetProperty("id").GetString();
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { errorRate = 1.0 } });

        using var response = await Client.PostAsJsonAsync(
            "/openai/v1/responses", new { model = ChatAlias, input = "And then?", previous_response_id = id }, Ct);

        var error = await ErrorAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("owner_unavailable", error.GetProperty("code").GetString());
        Assert.Equal(2, await Simulator.RequestsAsync(ProvisionedDeployment));
        Assert.Equal(0, await Simulator.RequestsAsync(StandardDeployment));
    }

    [Fact]
    public async Task FollowUpNamingAnUnknownResponse_Is404_AndNoBackendSeesIt()
    {
        using var response = await Client.PostAsJsonAsync(
            "/openai/v1/responses", new { model = ChatAlias, input = "And then?", previous_response_id = "resp_never_created" }, Ct);

        Assert.Equal("not_found", (await ErrorAsync(response, HttpStatusCode.NotFound)).GetProperty("code").GetString());
        Assert.Equal(0, await Simulator.TotalRequestsAsync());
    }

    [Fact]
    public async Task ContentFilter400_IsTheClientsAnswer_PassedThroughWithoutFailover()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { contentFilterRate = 1.0 } });

        using var response = await ChatAsync();

        var error = await ErrorAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal("content_filter", error.GetProperty("code").GetString());
        Assert.Equal(0, await Simulator.RequestsAsync(StandardDeployment));
    }

    [Fact]
    public async Task StreamCutMidway_ClientReceivesAnErrorEvent_NotACleanFinish()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { cutStreamAfterChunks = 3 } });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = ChatAlias, stream = true, max_tokens = 20, messages = new[] { new { role = "user", content = "Stream" } } }),
        };

        using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var (lines, endedCleanly) = await ReadSseDataLinesAsync(response);

        Assert.Contains(lines, l => l.Contains("\"stream_interrupted\"", StringComparison.Ordinal));
        Assert.DoesNotContain("[DONE]", lines);
        Assert.False(endedCleanly, "The response must end as failed, so no client mistakes it for a whole answer.");
    }

    /// <summary>Every <c>data:</c> payload until the stream ends, and whether it ended cleanly.</summary>
    private static async Task<(List<string> Lines, bool EndedCleanly)> ReadSseDataLinesAsync(HttpResponseMessage response)
    {
        var lines = new List<string>();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
        try
        {
            while (await reader.ReadLineAsync(Ct) is { } line)
            {
                if (line.StartsWith("data: ", StringComparison.Ordinal))
                {
                    lines.Add(line["data: ".Length..]);
                }
            }
        }
        catch (IOException)
        {
            // HttpIOException included: the body ended without its last chunk, or the connection was reset.
            return (lines, false);
        }

        return (lines, true);
    }
}
