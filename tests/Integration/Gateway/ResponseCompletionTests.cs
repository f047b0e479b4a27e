using System.Net;
using AiGateway.Gateway.Quotas;
using AiGateway.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Integration.Gateway;

/// <summary>
/// The client's answer is complete as soon as the backend's is: settling the quota and recording usage happen after
/// it, not in front of its last byte.
/// </summary>
public sealed class ResponseCompletionTests() : GatewayTestBase(services: services =>
    services.AddSingleton<IQuotaStore>(sp => new SettleGate(new InProcessQuotaStore(sp.GetRequiredService<TimeProvider>()))))
{
    [Fact]
    public async Task Answer_WhileTheQuotaSettlementIsHeld_ReachesTheClientWhole()
    {
        await CreateAsync("/api/admin/quota-policies", new Dictionary<string, object?> { ["scope"] = "Team", ["teamId"] = TeamId, ["tokensPerMinute"] = 100_000 });
        await Gateway.ReloadAsync();
        var gate = (SettleGate)Gateway.Services.GetRequiredService<IQuotaStore>();

        // The answer is read to its end while the settlement waits; a gateway that settled before completing the
        // response would hold the last chunk back, and this read would wait for ever.
        using var response = await ChatAsync();
        var answer = await ReadJsonAsync(response, HttpStatusCode.OK).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal("chat.completion", answer.GetProperty("object").GetString());
        Assert.False(gate.Settled.IsCompleted);
        gate.Release();
        Assert.Equal(answer.GetProperty("usage").GetProperty("total_tokens").GetInt64(), await gate.Settled.WaitAsync(TimeSpan.FromSeconds(30), Ct));
    }

    /// <summary>Holds every settlement until released, and reports the tokens it settled.</summary>
    private sealed class SettleGate(IQuotaStore inner) : IQuotaStore
    {
        private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource<long> _settled = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task<long> Settled => _settled.Task;

        public void Release() => _released.TrySetResult();

        public ValueTask<QuotaDecision> ReserveAsync(IReadOnlyList<QuotaCounter> counters, QuotaAmount estimate, CancellationToken ct) =>
            inner.ReserveAsync(counters, estimate, ct);

        public async ValueTask SettleAsync(QuotaReservation reservation, QuotaAmount actual, CancellationToken ct)
        {
            await _released.Task.WaitAsync(ct);
            await inner.SettleAsync(reservation, actual, ct);
            _settled.TrySetResult(actual.Tokens);
        }

        public ValueTask ReleaseAsync(QuotaReservation reservation, CancellationToken ct) => inner.ReleaseAsync(reservation, ct);
    }
}
