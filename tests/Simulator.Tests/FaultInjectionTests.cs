using System.Net;

namespace AiGateway.Simulator.Tests;

/// <summary>Each injected fault does what it says, and the same seed gives the same outcomes.</summary>
public sealed class FaultInjectionTests
{
    private const string Hi = """{"messages":[{"role":"user","content":"Hi"}],"max_tokens":5}""";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ErrorRate_SameSeed_SameSequenceOfOutcomes()
    {
        await using var server = await SimulatorServer.StartAsync(s => s["Simulator:Deployments:chat:Faults:ErrorRate"] = "0.3");

        var first = await StatusesAsync(server, 50);
        using (await server.Client.PostAsync("_simulator/reset", null, Ct))
        {
        }

        var second = await StatusesAsync(server, 50);

        Assert.Equal(first, second);
        var errors = first.Count(s => s == 500);
        Assert.InRange(errors, 8, 23);
        Assert.Equal(50 - errors, first.Count(s => s == 200));
    }

    [Fact]
    public async Task ErrorRate_OtherSeed_OtherSequence()
    {
        await using var a = await SimulatorServer.StartAsync(s => s["Simulator:Deployments:chat:Faults:ErrorRate"] = "0.5");
        await using var b = await SimulatorServer.StartAsync(s =>
        {
            s["Simulator:Deployments:chat:Faults:ErrorRate"] = "0.5";
            s["Simulator:Seed"] = "99";
        });

        Assert.NotEqual(await StatusesAsync(a, 50), await StatusesAsync(b, 50));
    }

    [Fact]
    public async Task ErrorStatus_503_AnswersServiceUnavailableInOpenAIShape()
    {
        await using var server = await SimulatorServer.StartAsync(s =>
        {
            s["Simulator:Deployments:chat:Faults:ErrorRate"] = "1";
            s["Simulator:Deployments:chat:Faults:ErrorStatus"] = "503";
        });

        using var response = await server.Client.PostAsync(Wire.ChatPath, Hi);
        var body = await response.ReadJsonAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("server_error", (string?)body["error"]!["type"]);
        Assert.NotEmpty(response.Header("x-ratelimit-remaining-tokens"));
    }

    [Fact]
    public async Task ContentFilterRate_One_Answers400WithAzureContentFilterBody()
    {
        await using var server = await SimulatorServer.StartAsync(s => s["Simulator:Deployments:chat:Faults:ContentFilterRate"] = "1");

        using var response = await server.Client.PostAsync(Wire.ChatPath, Hi);
        var error = (await response.ReadJsonAsync())["error"]!;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("content_filter", (string?)error["code"]);
        Assert.Equal("prompt", (string?)error["param"]);
        Assert.Equal(400, (int)error["status"]!);
        Assert.Null(error["type"]);
        Assert.StartsWith("The response was filtered due to the prompt triggering Azure OpenAI's content management policy", (string?)error["message"], StringComparison.Ordinal);
        Assert.Equal("ResponsibleAIPolicyViolation", (string?)error["innererror"]!["code"]);
        Assert.True((bool)error["innererror"]!["content_filter_result"]!["violence"]!["filtered"]!);
    }

    [Fact]
    public async Task HangRate_One_NeverAnswersUntilTheClientGivesUp()
    {
        await using var server = await SimulatorServer.StartAsync(s => s["Simulator:Deployments:chat:Faults:HangRate"] = "1");
        using var giveUp = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var request = server.Client.PostAsync(Wire.ChatPath, Wire.JsonBody(Hi), giveUp.Token);

        // The simulator has taken the request and parked it; moving the clock does not help it.
        await WaitForStatsAsync(server, s => (int?)s["deployments"]!["chat"]!["hung"] == 1);
        server.Time.Advance(TimeSpan.FromHours(1));
        Assert.False(request.IsCompleted);

        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);

        var stats = await WaitForStatsAsync(server, s => (int?)s["deployments"]!["chat"]!["statusCounts"]!["499"] == 1);
        Assert.Equal(1, (int)stats["deployments"]!["chat"]!["hung"]!);
    }

    [Fact]
    public async Task CutStreamAfterChunks_Three_AbortsAfterThreeFramesWithoutDone()
    {
        await using var server = await SimulatorServer.StartAsync(s => s["Simulator:Deployments:chat:Faults:CutStreamAfterChunks"] = "3");
        using var request = new HttpRequestMessage(HttpMethod.Post, Wire.ChatPath)
        {
            Content = Wire.JsonBody("""{"messages":[{"role":"user","content":"Hi"}],"max_tokens":10,"stream":true}"""),
        };

        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        var received = new System.Text.StringBuilder();
        var cut = false;
        try
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(Ct));
            while (await reader.ReadLineAsync(Ct) is { } line)
            {
                received.Append(line).Append('\n');
            }
        }
        catch (HttpRequestException)
        {
            cut = true;
        }
        catch (IOException)
        {
            cut = true;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(cut, "the connection should end abruptly");
        var text = received.ToString();
        Assert.DoesNotContain("[DONE]", text, StringComparison.Ordinal);
        Assert.Equal(3, text.Split('\n').Count(l => l.StartsWith("data: ", StringComparison.Ordinal)));
        var stats = await WaitForStatsAsync(server, s => (int?)s["deployments"]!["chat"]!["streamsCut"] == 1);
        Assert.Equal(1, (int)stats["deployments"]!["chat"]!["streamsCut"]!);
    }

    [Fact]
    public async Task SlowFirstByte_DelaysTheAnswerOnTheInjectedClock()
    {
        await using var server = await SimulatorServer.StartAsync(s => s["Simulator:Deployments:chat:Faults:SlowFirstByteMs"] = "2000");

        var request = server.Client.PostAsync(Wire.ChatPath, Wire.JsonBody(Hi), Ct);

        Assert.Equal(TimeSpan.FromSeconds(2), await server.Time.NextTimerAsync());
        server.Time.Advance(TimeSpan.FromMilliseconds(1999));
        Assert.False(request.IsCompleted);
        server.Time.Advance(TimeSpan.FromMilliseconds(1));
        using var response = await request;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Latency_TimeToFirstTokenAndPerToken_WaitOnTheInjectedClock()
    {
        await using var server = await SimulatorServer.StartAsync(s =>
        {
            s["Simulator:Deployments:chat:Latency:TimeToFirstTokenMs"] = "500";
            s["Simulator:Deployments:chat:Latency:PerTokenMs"] = "10";
        });

        var request = server.Client.PostAsync(Wire.ChatPath, Wire.JsonBody(Hi), Ct);

        Assert.Equal(TimeSpan.FromMilliseconds(500), await server.Time.NextTimerAsync());
        server.Time.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(TimeSpan.FromMilliseconds(50), await server.Time.NextTimerAsync());
        Assert.False(request.IsCompleted);
        server.Time.Advance(TimeSpan.FromMilliseconds(50));
        using var response = await request;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Latency_StreamedTokens_ArePacedFrameByFrame()
    {
        await using var server = await SimulatorServer.StartAsync(s => s["Simulator:Deployments:chat:Latency:PerTokenMs"] = "100");
        using var request = new HttpRequestMessage(HttpMethod.Post, Wire.ChatPath)
        {
            Content = Wire.JsonBody("""{"messages":[{"role":"user","content":"Hi"}],"max_tokens":3,"stream":true}"""),
        };
        using var response = await server.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
        var body = response.Content.ReadAsStringAsync(Ct);

        for (var token = 0; token < 3; token++)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(100), await server.Time.NextTimerAsync());
            Assert.False(body.IsCompleted);
            server.Time.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.EndsWith("data: [DONE]\n\n", await body, StringComparison.Ordinal);
    }

    private static async Task<List<int>> StatusesAsync(SimulatorServer server, int count)
    {
        var statuses = new List<int>(count);
        for (var i = 0; i < count; i++)
        {
            using var response = await server.Client.PostAsync(Wire.ChatPath, Hi);
            statuses.Add((int)response.StatusCode);
        }

        return statuses;
    }

    /// <summary>Server-side bookkeeping of an aborted request lands a moment after the client sees the abort.</summary>
    private static async Task<System.Text.Json.Nodes.JsonNode> WaitForStatsAsync(SimulatorServer server, Func<System.Text.Json.Nodes.JsonNode, bool> done)
    {
        var stats = await server.Client.StatsAsync();
        for (var attempt = 0; attempt < 200 && !done(stats); attempt++)
        {
            await Task.Yield();
            await Task.Delay(10, Ct);
            stats = await server.Client.StatsAsync();
        }

        Assert.True(done(stats), stats.ToJsonString());
        return stats;
    }
}
