using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AiGateway.Gateway.Quotas;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using static AiGateway.Gateway.Tests.Quotas.QuotaTestLimits;

namespace AiGateway.Gateway.Tests.Quotas;

public sealed class QuotaServiceCollectionExtensionsTests(RedisTestServer server)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AddGatewayQuotas_NoSettings_UsesTheInProcessStore()
    {
        using var host = Build([]);
        await host.StartAsync(Ct);

        var store = host.Services.GetRequiredService<IQuotaStore>();

        Assert.IsType<InProcessQuotaStore>(store);
        Assert.Same(store, host.Services.GetRequiredService<IQuotaStore>());
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task AddGatewayQuotas_RedisFailClosed_UsesTheRedisStore()
    {
        using var host = Build(new()
        {
            ["Quotas:Store"] = "Redis",
            ["Quotas:RedisFailureMode"] = "FailClosed",
            ["ConnectionStrings:Redis"] = await server.GetEndpointAsync(),
        });
        await host.StartAsync(Ct);

        var store = host.Services.GetRequiredService<IQuotaStore>();
        var decision = await store.ReserveAsync([Counter(Guid.NewGuid(), rpm: 1)], 0, Ct);

        Assert.IsType<RedisQuotaStore>(store);
        Assert.True(decision.Admitted);
        Assert.True(host.Services.GetRequiredService<IConnectionMultiplexer>().IsConnected);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task AddGatewayQuotas_RedisByDefault_FailsOpenAroundTheRedisStore()
    {
        using var host = Build(new()
        {
            ["Quotas:Store"] = "Redis",
            ["ConnectionStrings:Redis"] = await server.GetEndpointAsync(),
        });
        await host.StartAsync(Ct);

        var store = host.Services.GetRequiredService<IQuotaStore>();

        Assert.IsType<FallbackQuotaStore>(store);
        Assert.True((await store.ReserveAsync([Counter(Guid.NewGuid(), rpm: 1)], 0, Ct)).Admitted);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task AddGatewayQuotas_RedisWithoutConnectionString_FailsAtStartNamingTheSetting()
    {
        using var host = Build(new() { ["Quotas:Store"] = "Redis" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () => await host.StartAsync(Ct));

        Assert.Contains("ConnectionStrings:Redis is required when Quotas:Store is Redis.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddGatewayQuotas_ConnectionStringInQuotasSection_IsIgnored()
    {
        using var host = Build(new() { ["Quotas:Store"] = "Redis", ["Quotas:RedisConnectionString"] = "127.0.0.1:6379" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () => await host.StartAsync(Ct));

        Assert.Contains("ConnectionStrings:Redis", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddGatewayQuotas_RedisDownAtStart_StartsAndCountsOnThisReplica()
    {
        using var host = Build(new()
        {
            ["Quotas:Store"] = "Redis",
            ["ConnectionStrings:Redis"] = $"127.0.0.1:{ClosedPort()},connectTimeout=2000",
        });
        var clock = Stopwatch.StartNew();
        await host.StartAsync(Ct);

        var store = host.Services.GetRequiredService<IQuotaStore>();
        var counter = Counter(Guid.NewGuid(), rpm: 1);
        var first = await store.ReserveAsync([counter], 0, Ct);
        var second = await store.ReserveAsync([counter], 0, Ct);

        Assert.True(first.Admitted);
        Assert.Equal(QuotaLimitKind.RequestsPerMinute, second.DeniedBy);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"start and two reservations took {clock.Elapsed}");
        await host.StopAsync(Ct);
    }

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.AddGatewayQuotas();
        return builder.Build();
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
