using System.Net;
using AiGateway.Gateway.Quotas;
using AiGateway.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Integration.Gateway;

/// <summary>
/// A fault inside the gateway that no step expected still reaches an SDK as an OpenAI error, with the request id an
/// operator needs to find it in the log, never as the management API's problem details.
/// </summary>
public sealed class UnexpectedFailureTests() : GatewayTestBase(services: s => s.AddSingleton<IQuotaStore, FaultyQuotaStore>())
{
    [Fact]
    public async Task StepThrowsBeforeTheAnswerStarts_Is500WithAnOpenAIErrorBodyAndRequestId()
    {
        await CreateAsync("/api/admin/quota-policies", new { scope = "Team", teamId = TeamId, requestsPerMinute = 100 });
        await Gateway.ReloadAsync();

        using var response = await ChatAsync();

        var error = await ErrorAsync(response, HttpStatusCode.InternalServerError);
        Assert.Equal("server_error", error.GetProperty("type").GetString());
        Assert.Equal("internal_error", error.GetProperty("code").GetString());
        Assert.DoesNotContain("quota store exploded", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Matches("^[0-9a-f]{32}$", Header(response, "x-request-id"));
        Assert.Contains(Header(response, "x-request-id"), error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private sealed class FaultyQuotaStore : IQuotaStore
    {
        public ValueTask<QuotaDecision> ReserveAsync(IReadOnlyList<QuotaCounter> counters, QuotaAmount estimate, CancellationToken ct) =>
            throw new InvalidOperationException("quota store exploded");

        public ValueTask SettleAsync(QuotaReservation reservation, QuotaAmount actual, CancellationToken ct) => ValueTask.CompletedTask;

        public ValueTask ReleaseAsync(QuotaReservation reservation, CancellationToken ct) => ValueTask.CompletedTask;
    }
}
