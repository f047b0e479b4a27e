using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using AiGateway.Gateway.Quotas;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
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
    public async Task AddGatewayQuotas_RedisFailClosed_UsesTheLeaseStore()
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

        Assert.IsType<RedisLeaseQuotaStore>(store);
        Assert.True(decision.Admitted);
        await host.StopAsync(Ct);
    }

    [Fact]
    public async Task AddGatewayQuotas_Stopped_GivesLeasedRemaindersBackToRedis()
    {
        var endpoint = await server.GetEndpointAsync();
        var counter = Counter(Guid.NewGuid(), tpm: 1_000_000);
        var key = $"aigw:q:{{{counter.TeamId:D}}}:{counter.Limits.PolicyId:D}:tpm:202503121200";
        var host = Build(
            new()
            {
                ["Quotas:Store"] = "Redis",
                ["ConnectionStrings:Redis"] = endpoint,
            },
            new FakeTimeProvider(new DateTimeOffset(2025, 3, 12, 12, 0, 20, TimeSpan.Zero)));
        await host.StartAsync(Ct);
        var store = host.Services.GetRequiredService<IQuotaStore>();
        // Blocks of 1, 2, 4 and 8 requests: the eleventh request took the block of 8, all of it unused.
        for (var i = 0; i < 11; i++)
        {
            await store.ReserveAsync([counter], 100, Ct);
        }

        var redis = await server.GetConnectionAsync();
        var whileRunning = (long)await redis.GetDatabase().StringGetAsync(key);
        await host.StopAsync(Ct);
        host.Dispose();

        Assert.Equal(1_900, whileRunning);
        Assert.Equal(1_100, (long)await redis.GetDatabase().StringGetAsync(key));
    }

    [Fact]
    public async Task AddGatewayQuotas_RedisExactFailClosed_UsesTheExactRedisStore()
    {
        using var host = Build(new()
        {
            ["Quotas:Store"] = "Redis",
            ["Quotas:RedisMode"] = "Exact",
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

    private static IHost Build(Dictionary<string, string?> settings, TimeProvider? clock = null)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        if (clock is not null)
        {
            builder.Services.AddSingleton(clock);
        }

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
