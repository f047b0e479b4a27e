using AiGateway.Gateway.Quotas;

namespace AiGateway.Gateway.Tests.Quotas;

/// <summary>
/// The store contract on <see cref="RedisLeaseQuotaStore"/> against a real Redis server: with blocks taken and used
/// locally, it answers every case as the exact store does.
/// </summary>
public sealed class RedisLeaseQuotaStoreContractTests(RedisTestServer server) : QuotaStoreContractTests
{
    protected override async Task<IQuotaStore> CreateStoreAsync(TimeProvider clock) =>
        LeaseStoreFactory.Create(await server.GetConnectionAsync(), clock).Store;
}
