using AiGateway.Gateway.Metering;
using AiGateway.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Tests.Metering;

public sealed class MeteringServiceCollectionExtensionsTests
{
    [Fact]
    public void AddGatewayMetering_Defaults_RegistersOneRecorderAsTheSinkAndTheWriter()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddDbContextFactory<PortalDbContext>(o => o.UseSqlite("Data Source=:memory:"));

        builder.AddGatewayMetering();
        using var host = builder.Build();

        var options = host.Services.GetRequiredService<IOptions<MeteringOptions>>().Value;
        Assert.Equal(10_000, options.BufferCapacity);
        Assert.Equal(500, options.BatchSize);
        Assert.Same(host.Services.GetRequiredService<UsageRecorder>(), host.Services.GetRequiredService<IUsageSink>());
        Assert.Single(host.Services.GetServices<IHostedService>().OfType<UsageWriter>());
        Assert.Equal(10_000, host.Services.GetRequiredService<UsageRecorder>().Capacity);
    }

    [Fact]
    public async Task AddGatewayMetering_BadSetting_FailsAtStartNamingIt()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["Metering:BatchSize"] = "0";
        builder.Services.AddDbContextFactory<PortalDbContext>(o => o.UseSqlite("Data Source=:memory:"));
        builder.AddGatewayMetering();
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("BatchSize", error.Message, StringComparison.Ordinal);
    }
}
