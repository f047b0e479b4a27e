using System.Net;
using System.Net.Http.Json;
using AiGateway.Integration.Infrastructure;
using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Integration.Gateway;

/// <summary>
/// What a request costs, end to end over real HTTP: a backend that reports cached prompt tokens and reasoning tokens
/// is billed for each at its own price, an answer in the batch tier at the batch price, and a price version
/// scheduled for later applies only from its effective time (moved on with the host's clock).
/// </summary>
public sealed class PricingTests() : GatewayTestBase(new Dictionary<string, string?>
{
    ["Metering:FlushIntervalMilliseconds"] = "0",
})
{
    private static readonly Rates Now = new(Input: 0.002m, Cached: 0.0005m, Output: 0.008m, Reasoning: 0.02m);
    private static readonly Rates Later = new(Input: 0.004m, Cached: 0.001m, Output: 0.016m, Reasoning: 0.05m);
    private static readonly Rates Batch = new(Input: 0.001m, Cached: 0.00025m, Output: 0.004m, Reasoning: 0.01m);

    [Fact]
    public async Task Chat_CachedAndReasoningTokens_EachBilledAtItsOwnPrice_AndAScheduledPriceOnlyFromItsTime()
    {
        var start = Gateway.Clock.GetUtcNow();
        foreach (var (deployment, id) in new[] { (ProvisionedDeployment, ProvisionedDeploymentId), (StandardDeployment, StandardDeploymentId) })
        {
            await Simulator.ConfigureAsync(deployment, new { cachedPromptPercent = 50, reasoningPercent = 40 });
            await AddPriceAsync(id, "default", start, Now);
            await AddPriceAsync(id, "default", start.AddHours(1), Later);
            await AddPriceAsync(id, "batch", start, Batch);
        }

        await Gateway.ReloadAsync();

        await ChatOkAsync(serviceTier: null);
        Gateway.Clock.Advance(TimeSpan.FromHours(2));
        await ChatOkAsync(serviceTier: null);
        await ChatOkAsync(serviceTier: "batch");

        var database = await Gateway.StopAsync();
        await using var db = database();
        var records = await db.UsageRecords.OrderBy(r => r.At).ThenBy(r => r.ServiceTier).ToListAsync(Ct);
        Assert.Equal(3, records.Count);
        Assert.All(records, r => Assert.True(r.CachedPromptTokens > 0 && r.ReasoningTokens > 0, "the backend reported cached and reasoning tokens"));
        var (before, after, batch) = (records[0], records.Single(r => r.At > start && r.ServiceTier != "batch"), records.Single(r => r.ServiceTier == "batch"));
        Assert.Equal(Now.CostOf(before), before.Cost, 10);
        Assert.Equal(Later.CostOf(after), after.Cost, 10);
        Assert.Equal(Batch.CostOf(batch), batch.Cost, 10);
        // Cached tokens cheaper and reasoning dearer than plain tokens: the bill is not what plain prices would give.
        Assert.NotEqual(Math.Round((before.PromptTokens * Now.Input + before.CompletionTokens * Now.Output) / 1000m, 10), Math.Round(before.Cost, 10));
    }

    private async Task AddPriceAsync(Guid deploymentId, string tier, DateTimeOffset from, Rates rates) =>
        await CreateAsync($"/api/admin/deployments/{deploymentId}/prices", new
        {
            serviceTier = tier, effectiveFrom = from, inputPer1K = rates.Input, cachedInputPer1K = rates.Cached, outputPer1K = rates.Output, reasoningPer1K = rates.Reasoning,
        });

    private async Task ChatOkAsync(string? serviceTier)
    {
        var body = new Dictionary<string, object>
        {
            ["model"] = ChatAlias,
            ["messages"] = new[] { new { role = "user", content = "Summarise the quarterly report in three short bullet points please" } },
            ["max_tokens"] = 10,
        };
        if (serviceTier is not null)
        {
            body["service_tier"] = serviceTier;
        }

        using var response = await Client.PostAsJsonAsync("/v1/chat/completions", body, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private sealed record Rates(decimal Input, decimal Cached, decimal Output, decimal Reasoning)
    {
        public decimal CostOf(UsageRecord r) =>
            ((r.PromptTokens - r.CachedPromptTokens) * Input + r.CachedPromptTokens * Cached
                + (r.CompletionTokens - r.ReasoningTokens) * Output + r.ReasoningTokens * Reasoning) / 1000m;
    }
}
