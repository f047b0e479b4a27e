using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;
using AiGateway.Shared.Data;
using AiGateway.Shared.Security;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Portal.Tests.Components.Backends;

/// <summary>
/// Builds a <see cref="BackendConnectionTester"/> through its real registration, over the test's database and, for
/// <c>{self}</c> URLs, a given server (a simulator host, or one that listens nowhere).
/// </summary>
public static class ConnectionTesters
{
    public static ServiceProvider Create(IServiceProvider data, IServer? server = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(data.GetRequiredService<IDbContextFactory<PortalDbContext>>());
        services.AddSingleton(data.GetRequiredService<BackendSecretProtector>());
        services.AddSingleton(server ?? new NowhereServer());
        services.AddSingleton<SelfAddress>();
        services.AddSingleton<IBackendCredentialFactory, AzureIdentityCredentialFactory>();
        services.AddSingleton<BackendTokenCache>();
        services.AddOptions<GatewayOptions>();
        services.AddBackendConnectionTester();
        return services.BuildServiceProvider();
    }

    /// <summary>A server with no addresses: enough for pages that never test a <c>{self}</c> backend.</summary>
    private sealed class NowhereServer : IServer
    {
        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(Microsoft.AspNetCore.Hosting.Server.IHttpApplication<TContext> application, CancellationToken cancellationToken)
            where TContext : notnull => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
