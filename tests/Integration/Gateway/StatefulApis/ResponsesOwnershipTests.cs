using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Integration.Gateway.StatefulApis;

/// <summary>
/// Two simulators behind one alias, chosen at random per request, each knowing only the responses it created: every
/// call that names a stored response reaches its owner, and no other team can use it.
/// </summary>
public sealed class ResponsesOwnershipTests : RoundRobinTestBase
{
    [Fact]
    public async Task TwentyMultiTurnConversations_AllSucceed()
    {
        for (var conversation = 0; conversation < 20; conversation++)
        {
            string? previous = null;
            for (var turn = 0; turn < 3; turn++)
            {
                using var response = await Client.PostAsJsonAsync("/v1/responses", Turn(previous), Ct);
                var body = await ReadJsonAsync(response, HttpStatusCode.OK);
                previous = body.GetProperty("id").GetString();
            }
        }
    }

    [Fact]
    public async Task Conversation_TurnsAndItems_ReachItsOwner()
    {
        for (var i = 0; i < 4; i++)
        {
            using var created = await Client.PostAsJsonAsync("/v1/conversations", new { metadata = new { topic = "demo" } }, Ct);
            var conversation = (await ReadJsonAsync(created, HttpStatusCode.OK)).GetProperty("id").GetString();
            for (var turn = 0; turn < 3; turn++)
            {
                using var response = await Client.PostAsJsonAsync(
                    "/v1/responses", new { model = RoundRobinAlias, input = "Hello", max_output_tokens = 8, conversation = new { id = conversation } }, Ct);
                await ReadJsonAsync(response, HttpStatusCode.OK);
            }

            using var items = await Client.GetAsync($"/openai/conversations/{conversation}/items?api-version=2025-04-01-preview", Ct);
            Assert.Equal(6, (await ReadJsonAsync(items, HttpStatusCode.OK)).GetProperty("data").GetArrayLength());
            using var deleted = await Client.DeleteAsync($"/v1/conversations/{conversation}", Ct);
            await ReadJsonAsync(deleted, HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task GetAndDelete_ReachTheOwner()
    {
        for (var i = 0; i < 6; i++)
        {
            using var created = await Client.PostAsJsonAsync("/v1/responses", Turn(null), Ct);
            var id = (await ReadJsonAsync(created, HttpStatusCode.OK)).GetProperty("id").GetString();

            using var read = await Client.GetAsync($"/v1/responses/{id}", Ct);
            Assert.Equal(id, (await ReadJsonAsync(read, HttpStatusCode.OK)).GetProperty("id").GetString());
            using var items = await Client.GetAsync($"/v1/responses/{id}/input_items", Ct);
            await ReadJsonAsync(items, HttpStatusCode.OK);
            using var deleted = await Client.DeleteAsync($"/openai/v1/responses/{id}", Ct);
            await ReadJsonAsync(deleted, HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task AnotherTeamsResponse_Is404LikeAnUnknownOne()
    {
        using var created = await Client.PostAsJsonAsync("/v1/responses", Turn(null), Ct);
        var id = (await ReadJsonAsync(created, HttpStatusCode.OK)).GetProperty("id").GetString();
        var otherTeam = await CreateAsync("/api/admin/teams", new { name = "Fabrikam" });
        var (_, otherKey) = await IssueKeyAsync(otherTeam);
        await Gateway.ReloadAsync();
        using var other = Gateway.CreateGatewayClient(otherKey);
        var before = await TotalsAsync();

        using var read = await other.GetAsync($"/v1/responses/{id}", Ct);
        using var followUp = await other.PostAsJsonAsync("/v1/responses", Turn(id), Ct);
        using var unknown = await Client.GetAsync("/v1/responses/resp_unknown", Ct);

        Assert.Equal("not_found", (await ErrorAsync(read, HttpStatusCode.NotFound)).GetProperty("code").GetString());
        Assert.Equal("not_found", (await ErrorAsync(followUp, HttpStatusCode.NotFound)).GetProperty("code").GetString());
        Assert.Equal("not_found", (await ErrorAsync(unknown, HttpStatusCode.NotFound)).GetProperty("code").GetString());
        Assert.Equal(before, await TotalsAsync());
    }

    [Fact]
    public async Task OwnerThrottled_ClientGetsItsRetryAfter_AndTheOtherBackendSeesNothing()
    {
        var (id, owner, other) = await CreateOwnedAsync();
        await owner.ConfigureAsync(StandardDeployment, new { faults = new { throttleStormSeconds = 600, throttleRetryAfterMs = 7000 } });
        var otherBefore = await other.TotalRequestsAsync();

        using var followUp = await Client.PostAsJsonAsync("/v1/responses", Turn(id), Ct);
        using var read = await Client.GetAsync($"/v1/responses/{id}", Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, followUp.StatusCode);
        Assert.Equal("7", Header(followUp, "retry-after"));
        Assert.Equal("7000", Header(followUp, "retry-after-ms"));
        Assert.Equal(HttpStatusCode.TooManyRequests, read.StatusCode);
        Assert.Equal(otherBefore, await other.TotalRequestsAsync());
    }

    [Fact]
    public async Task OwnerDown_ClientGets503OwnerUnavailable_NeverAnotherBackend()
    {
        var (id, owner, other) = await CreateOwnedAsync();
        await owner.DisposeAsync();
        var otherBefore = await other.TotalRequestsAsync();

        using var followUp = await Client.PostAsJsonAsync("/v1/responses", Turn(id), Ct);
        using var read = await Client.GetAsync($"/v1/responses/{id}", Ct);

        Assert.Equal("owner_unavailable", (await ErrorAsync(followUp, HttpStatusCode.ServiceUnavailable)).GetProperty("code").GetString());
        Assert.Equal("owner_unavailable", (await ErrorAsync(read, HttpStatusCode.ServiceUnavailable)).GetProperty("code").GetString());
        Assert.NotEqual("", Header(read, "retry-after"));
        Assert.Equal(otherBefore, await other.TotalRequestsAsync());
    }

    [Fact]
    public async Task BackgroundResponse_CancelAndPollReachTheOwner_AndCompletedWorkIsBilledOnce()
    {
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            using var created = await Client.PostAsJsonAsync("/v1/responses", Turn(null, background: true), Ct);
            var body = await ReadJsonAsync(created, HttpStatusCode.OK);
            Assert.Equal("queued", body.GetProperty("status").GetString());
            ids.Add(body.GetProperty("id").GetString()!);
        }

        using var cancelled = await Client.PostAsync($"/v1/responses/{ids[0]}/cancel", null, Ct);
        Assert.Equal("cancelled", (await ReadJsonAsync(cancelled, HttpStatusCode.OK)).GetProperty("status").GetString());
        FinishJobs();
        foreach (var id in ids.Skip(1))
        {
            for (var poll = 0; poll < 2; poll++)
            {
                using var read = await Client.GetAsync($"/v1/responses/{id}", Ct);
                Assert.Contains((await ReadJsonAsync(read, HttpStatusCode.OK)).GetProperty("status").GetString(), new[] { "completed", "incomplete" });
            }
        }

        var database = await Gateway.StopAsync();
        await using var db = database();
        var billed = await db.UsageRecords.Where(r => r.Operation == "responses.completed").ToListAsync(Ct);
        Assert.Equal(3, billed.Count);
        Assert.All(billed, r => Assert.Equal(TeamId, r.TeamId));
        Assert.All(billed, r => Assert.True(r.CompletionTokens > 0));
    }

    [Fact]
    public async Task StreamedResponse_IdFromResponseCreated_FollowUpReachesTheOwner()
    {
        for (var i = 0; i < 6; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/responses")
            {
                Content = JsonContent.Create(new { model = RoundRobinAlias, input = "Hello", max_output_tokens = 8, stream = true }),
            };
            using var streamed = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Ct);
            var text = await streamed.Content.ReadAsStringAsync(Ct);
            var created = text.Split('\n').First(l => l.StartsWith("data: ", StringComparison.Ordinal) && l.Contains("response.created", StringComparison.Ordinal));
            var id = JsonDocument.Parse(created["data: ".Length..]).RootElement.GetProperty("response").GetProperty("id").GetString();

            using var followUp = await Client.PostAsJsonAsync("/v1/responses", Turn(id), Ct);
            await ReadJsonAsync(followUp, HttpStatusCode.OK);
        }
    }

    /// <summary>A response, and the simulator that owns it and the one that does not.</summary>
    private async Task<(string Id, SimulatorBackend Owner, SimulatorBackend Other)> CreateOwnedAsync()
    {
        var before = await TotalsAsync();
        using var created = await Client.PostAsJsonAsync("/v1/responses", Turn(null), Ct);
        var id = (await ReadJsonAsync(created, HttpStatusCode.OK)).GetProperty("id").GetString()!;
        var after = await TotalsAsync();
        return after.First > before.First ? (id, Simulator, Second) : (id, Second, Simulator);
    }
}
