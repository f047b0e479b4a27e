using System.Net;
using AiGateway.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Integration.Gateway;

/// <summary>
/// Quota policies set through the management API, enforced by one replica (the in-process store): requests and
/// tokens per minute, daily budgets, the caller's own remaining quota on every answer, and the reservation settled
/// to the real token count.
/// </summary>
public sealed class QuotaTests : GatewayTestBase
{
    private static readonly object ShortChat = new { model = ChatAlias, max_tokens = 5, messages = new[] { new { role = "user", content = "hi" } } };

    [Fact]
    public async Task RequestsPerMinute_ThirdRequestRefused_UntilTheMinuteTurns()
    {
        await SetTeamPolicyAsync(new { requestsPerMinute = 2 });
        Gateway.Clock.SetUtcNow(NextMinute().AddSeconds(15));

        using var first = await ChatAsync(body: ShortChat);
        using var second = await ChatAsync(body: ShortChat);
        using var third = await ChatAsync(body: ShortChat);

        Assert.Equal("1", Header(first, "x-ratelimit-remaining-requests"));
        Assert.Equal("0", Header(second, "x-ratelimit-remaining-requests"));
        var error = await ErrorAsync(third, HttpStatusCode.TooManyRequests);
        Assert.Equal("rate_limit_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("45000", Header(third, "retry-after-ms"));
        Assert.Equal("45", Header(third, "retry-after"));
        Assert.Equal("true", Header(third, "x-should-retry"));
        Assert.Equal(2, await Simulator.TotalRequestsAsync());

        Gateway.Clock.Advance(TimeSpan.FromSeconds(45));
        using var fourth = await ChatAsync(body: ShortChat);
        Assert.Equal(HttpStatusCode.OK, fourth.StatusCode);
    }

    [Fact]
    public async Task TokensPerMinute_ReservationIsSettledToTheRealCount()
    {
        // No max_tokens and no cap: the gateway reserves its default output estimate (1024), the simulator
        // answers 8 completion tokens, and the settlement gives the difference back.
        await SetTeamPolicyAsync(new { tokensPerMinute = 3000 });
        Gateway.Clock.SetUtcNow(NextMinute());
        var body = new { model = ChatAlias, messages = new[] { new { role = "user", content = "hi" } } };

        using var first = await ChatAsync(body: body);
        var usage = (await ReadJsonAsync(first, HttpStatusCode.OK)).GetProperty("usage");
        var used = usage.GetProperty("total_tokens").GetInt64();
        var estimate = usage.GetProperty("prompt_tokens").GetInt64() + 1024;
        Assert.Equal(3000 - estimate, long.Parse(Header(first, "x-ratelimit-remaining-tokens"), System.Globalization.CultureInfo.InvariantCulture));

        using var second = await ChatAsync(body: body);
        Assert.Equal(3000 - used - estimate, long.Parse(Header(second, "x-ratelimit-remaining-tokens"), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task TokensPerMinute_Exhausted_Refused429WithRetryAfter_AndNoBackendCall()
    {
        await SetTeamPolicyAsync(new { tokensPerMinute = 40 });
        Gateway.Clock.SetUtcNow(NextMinute().AddSeconds(50));

        using var first = await ChatAsync(body: ShortChat);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var refused = await ChatAsync(body: new { model = ChatAlias, max_tokens = 30, messages = new[] { new { role = "user", content = "hi" } } });

        await ErrorAsync(refused, HttpStatusCode.TooManyRequests);
        Assert.Equal("10000", Header(refused, "retry-after-ms"));
        Assert.Equal(1, await Simulator.TotalRequestsAsync());
    }

    [Fact]
    public async Task DailyBudgetExhausted_Refused403_WithShouldRetryFalseAndNoRetryAfter()
    {
        await SetTeamPolicyAsync(new { dailyTokenBudget = 40 });
        Gateway.Clock.SetUtcNow(NextMinute());

        using var first = await ChatAsync(body: ShortChat);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var refused = await ChatAsync(body: new { model = ChatAlias, max_tokens = 25, messages = new[] { new { role = "user", content = "hi" } } });

        var error = await ErrorAsync(refused, HttpStatusCode.Forbidden);
        Assert.Equal("daily_token_budget_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("insufficient_quota", error.GetProperty("type").GetString());
        Assert.Contains($"It renews at {Gateway.Clock.GetUtcNow().UtcDateTime.Date.AddDays(1):yyyy-MM-dd} 00:00 UTC", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("false", Header(refused, "x-should-retry"));
        Assert.False(refused.Headers.Contains("retry-after"));
        Assert.False(refused.Headers.Contains("retry-after-ms"));
        Assert.Equal(1, await Simulator.TotalRequestsAsync());
    }

    [Fact]
    public async Task DailyCostBudget_AdmitsUntilTheRequestWhoseEstimatedCostWouldPassIt_ThenRefuses403()
    {
        // The chat deployments bill at most 0.0006 per 1K tokens, so a request for 1,000 completion tokens may cost
        // about 0.0006 and costs about that: a budget of 0.002 admits three and refuses the fourth before forwarding.
        await SetTeamPolicyAsync(new { dailyCostBudget = 0.002m });
        Gateway.Clock.SetUtcNow(NextMinute());
        var body = new { model = ChatAlias, max_tokens = 1000, messages = new[] { new { role = "user", content = "hi" } } };

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var admitted = await ChatAsync(body: body);
            statuses.Add(admitted.StatusCode);
        }

        using var refused = await ChatAsync(body: body);

        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));
        var error = await ErrorAsync(refused, HttpStatusCode.Forbidden);
        Assert.Equal("daily_cost_budget_exceeded", error.GetProperty("code").GetString());
        Assert.Equal("insufficient_quota", error.GetProperty("type").GetString());
        Assert.StartsWith("Your daily cost budget of 0.002 is used up: 0.000", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("false", Header(refused, "x-should-retry"));
        Assert.False(refused.Headers.Contains("retry-after"));
        Assert.Equal(3, await Simulator.TotalRequestsAsync());
    }

    [Fact]
    public async Task KeyAndTeamAliasPolicies_ApplyToo_TheTightestRefuses()
    {
        await SetTeamPolicyAsync(new { requestsPerMinute = 100 });
        await CreateAsync("/api/admin/quota-policies", new { scope = "Key", teamId = TeamId, apiKeyId = KeyId, requestsPerMinute = 5 });
        await CreateAsync("/api/admin/quota-policies", new { scope = "TeamAlias", teamId = TeamId, aliasId = ChatAliasId, requestsPerMinute = 1 });
        await Gateway.ReloadAsync();
        Gateway.Clock.SetUtcNow(NextMinute());

        using var first = await ChatAsync(body: ShortChat);
        using var second = await ChatAsync(body: ShortChat);

        Assert.Equal("0", Header(first, "x-ratelimit-remaining-requests"));
        await ErrorAsync(second, HttpStatusCode.TooManyRequests);
        // The embeddings alias is not under the team-alias policy: the key's and team's limits still leave room.
        using var embeddings = await Client.PostAsync("/v1/embeddings", System.Net.Http.Json.JsonContent.Create(new { model = EmbeddingsAlias, input = "hi" }), Ct);
        Assert.Equal(HttpStatusCode.OK, embeddings.StatusCode);
        Assert.Equal("3", Header(embeddings, "x-ratelimit-remaining-requests"));
    }

    [Fact]
    public async Task FailedRequest_ReservationIsReleased()
    {
        await SetTeamPolicyAsync(new { requestsPerMinute = 1 });
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { errorRate = 1.0 } });
        await Simulator.ConfigureAsync(StandardDeployment, new { faults = new { errorRate = 1.0 } });
        Gateway.Clock.SetUtcNow(NextMinute());

        using var failed = await ChatAsync(body: ShortChat);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, failed.StatusCode);

        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { errorRate = 0.0 } });
        using var served = await ChatAsync(body: ShortChat);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
    }

    [Fact]
    public async Task UsageRecords_MatchTheBackendsCounts_StreamedOrNot_AndCostIsPriced()
    {
        using (var plain = await ChatAsync(body: ShortChat))
        {
            Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        }

        using (var stream = await SseReader.StartChatAsync(Client, ChatAlias, maxTokens: 4))
        {
            await stream.ReadToEndAsync(Simulator.Clock, TimeSpan.FromSeconds(1));
        }

        var database = await Gateway.StopAsync();
        await using var db = database();
        var records = await db.UsageRecords.OrderBy(r => r.Id).ToListAsync(Ct);
        Assert.Equal(2, records.Count);
        Assert.All(records, r => Assert.False(r.Estimated));
        Assert.Equal([false, true], records.Select(r => r.Streamed));
        Assert.Equal([5, 4], records.Select(r => r.CompletionTokens));
        Assert.Equal(
            (await Simulator.PromptTokensAsync(ProvisionedDeployment), await Simulator.CompletionTokensAsync(ProvisionedDeployment)),
            (records.Sum(r => r.PromptTokens), records.Sum(r => r.CompletionTokens)));
        Assert.All(records, r => Assert.Equal((r.PromptTokens * 0.00015m + r.CompletionTokens * 0.0006m) / 1000m, r.Cost));
        Assert.All(records, r => Assert.Equal(ProvisionedDeploymentId, r.DeploymentId));
        Assert.NotNull(records[1].TimeToFirstTokenMs);
        var rollup = Assert.Single(await db.UsageHourlyRollups.ToListAsync(Ct));
        Assert.Equal(2, rollup.Requests);
        Assert.Equal(records.Sum(r => r.CompletionTokens), rollup.CompletionTokens);
    }

    [Fact]
    public async Task CutStream_IsRecordedAsEstimated_FromTheTextDelivered()
    {
        await Simulator.ConfigureAsync(ProvisionedDeployment, new { faults = new { cutStreamAfterChunks = 4 } });
        using (var stream = await SseReader.StartChatAsync(Client, ChatAlias, maxTokens: 20))
        {
            try
            {
                await stream.ReadToEndAsync(Simulator.Clock, TimeSpan.FromSeconds(1));
            }
            catch (Exception e) when (e is HttpIOException or IOException)
            {
                // The cut ends the client's connection; that is the point.
            }
        }

        var database = await Gateway.StopAsync();
        await using var db = database();
        var record = Assert.Single(await db.UsageRecords.ToListAsync(Ct));
        Assert.True(record.Estimated);
        Assert.InRange(record.CompletionTokens, 1, 19);
        Assert.True(record.PromptTokens > 0);
    }

    private async Task SetTeamPolicyAsync(object limits)
    {
        var body = new Dictionary<string, object?> { ["scope"] = "Team", ["teamId"] = TeamId };
        foreach (var property in limits.GetType().GetProperties())
        {
            body[property.Name] = property.GetValue(limits);
        }

        await CreateAsync("/api/admin/quota-policies", body);
        await Gateway.ReloadAsync();
    }

    /// <summary>The start of the next minute on the gateway's clock, so a test's requests share one window.</summary>
    private DateTimeOffset NextMinute()
    {
        var now = Gateway.Clock.GetUtcNow();
        return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero).AddMinutes(1);
    }
}
