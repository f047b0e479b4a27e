using System.Net;

namespace AiGateway.Simulator.Tests.Stateful;

/// <summary>Each simulator hands out its own ids and knows only those; limits and faults cover stateful calls.</summary>
public sealed class StatefulIsolationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TwoSimulators_NeverShareIds_AndEachKnowsOnlyItsOwn()
    {
        await using var a = await SimulatorServer.StartAsync();
        await using var b = await SimulatorServer.StartAsync();

        using var fromA = await a.Client.PostAsync("v1/responses", """{"model":"chat","input":"Hi"}""");
        using var fromB = await b.Client.PostAsync("v1/responses", """{"model":"chat","input":"Hi"}""");
        var idA = (string)(await fromA.ReadJsonAsync())["id"]!;
        var idB = (string)(await fromB.ReadJsonAsync())["id"]!;

        using var aAskedForB = await a.Client.GetAsync($"v1/responses/{idB}", Ct);
        using var bAskedForA = await b.Client.GetAsync($"v1/responses/{idA}", Ct);

        // The instance tag (the first 8 characters after the prefix) differs, so no id can collide.
        Assert.NotEqual(idA["resp_".Length..("resp_".Length + 8)], idB["resp_".Length..("resp_".Length + 8)]);
        Assert.Equal(HttpStatusCode.NotFound, aAskedForB.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, bAskedForA.StatusCode);
    }

    [Fact]
    public async Task TwoMappingsInOneHost_AreTwoSimulators_EachKnowingOnlyItsOwnIds()
    {
        await using var server = await SimulatorServer.StartAsync(prefix: "/a", alsoMappedAt: "/b");
        using var b = new HttpClient { BaseAddress = new Uri(server.BaseAddress, "/b/") };
        b.DefaultRequestHeaders.Add("api-key", SimulatorServer.ApiKey);

        var onA = await server.Client.PostOkAsync("v1/conversations", "{}");
        var onB = await b.PostOkAsync("v1/conversations", "{}");
        using var bAskedForA = await b.GetAsync($"v1/conversations/{onA["id"]}", Ct);
        using var aAskedForA = await server.Client.GetAsync($"v1/conversations/{onA["id"]}", Ct);

        Assert.NotEqual(((string)onA["id"]!)[..13], ((string)onB["id"]!)[..13]);
        Assert.Equal(HttpStatusCode.NotFound, bAskedForA.StatusCode);
        Assert.Equal(HttpStatusCode.OK, aAskedForA.StatusCode);
    }

    [Fact]
    public async Task InstanceTag_Configured_StartsEveryId()
    {
        await using var server = await SimulatorServer.StartAsync(s => s["Simulator:Stateful:InstanceTag"] = "west1");

        using var response = await server.Client.PostAsync("v1/conversations", "{}");

        Assert.StartsWith("conv_west1", (string?)(await response.ReadJsonAsync())["id"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Store_PastMaxObjectsPerKind_EvictsTheOldest()
    {
        await using var server = await SimulatorServer.StartAsync(s => s["Simulator:Stateful:MaxObjectsPerKind"] = "2");

        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((string)(await server.Client.PostOkAsync("v1/conversations", "{}"))["id"]!);
        }

        using var oldest = await server.Client.GetAsync($"v1/conversations/{ids[0]}", Ct);
        using var newest = await server.Client.GetAsync($"v1/conversations/{ids[2]}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, oldest.StatusCode);
        Assert.Equal(HttpStatusCode.OK, newest.StatusCode);
    }

    [Fact]
    public async Task Start_WithABadStatefulSetting_FailsNamingIt()
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => SimulatorServer.StartAsync(s => s["Simulator:Stateful:InstanceTag"] = "Not-OK"));

        Assert.Contains("Simulator:Stateful:InstanceTag", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatefulCall_DuringThrottleStorm_Returns429WithRetryAfter()
    {
        await using var server = await SimulatorServer.StartAsync(s =>
        {
            s["Simulator:Deployments:chat:Faults:ThrottleStormSeconds"] = "30";
            s["Simulator:Deployments:chat:Faults:ThrottleRetryAfterMs"] = "2000";
        });

        using var conversation = await server.Client.PostAsync("v1/conversations", "{}");
        using var retrieve = await server.Client.GetAsync("openai/responses/resp_x?api-version=2025-04-01-preview", Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, conversation.StatusCode);
        Assert.Equal("2", conversation.Header("retry-after"));
        Assert.Equal("2000", conversation.Header("retry-after-ms"));
        Assert.Equal(HttpStatusCode.TooManyRequests, retrieve.StatusCode);
        Assert.Equal("429", (string?)(await retrieve.ReadJsonAsync())["error"]!["code"]);
    }

    [Fact]
    public async Task StatefulCall_OverRequestsPerMinute_Returns429()
    {
        await using var server = await SimulatorServer.StartAsync(s => s["Simulator:Deployments:chat:RequestsPerMinute"] = "1");

        using var first = await server.Client.PostAsync("v1/conversations", "{}");
        using var second = await server.Client.PostAsync("v1/conversations", "{}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, second.StatusCode);
        Assert.NotEqual("", second.Header("retry-after"));
    }

    [Fact]
    public async Task StatefulCall_WithoutKey_Returns401()
    {
        await using var server = await SimulatorServer.StartAsync();
        using var anonymous = new HttpClient { BaseAddress = server.BaseAddress };

        using var response = await anonymous.GetAsync("v1/conversations/conv_x", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
