using System.ClientModel;
using System.ClientModel.Primitives;
using AiGateway.Gateway.Configuration;
using AiGateway.Integration.Infrastructure;
using AiGateway.Shared.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenAI;
using OpenAI.Chat;

namespace AiGateway.Browser.Tests.Infrastructure;

/// <summary>Calls the demo's gateway as an application would: the official OpenAI SDK, only the endpoint and key changed.</summary>
public static class GatewayCalls
{
    public static ChatClient Chat(PortalHost host, string key) =>
        new("gpt-4o-mini", new ApiKeyCredential(key), new OpenAIClientOptions
        {
            Endpoint = new Uri(host.BaseAddress, "v1"),
            RetryPolicy = new ClientRetryPolicy(0),
        });

    /// <summary>Waits (bounded) until the gateway serves the configuration the portal last wrote, e.g. a new or revoked key.</summary>
    public static async Task WaitForCurrentConfigurationAsync(PortalHost host)
    {
        long version;
        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync())
        {
            version = await db.ConfigVersions.Select(v => v.Version).SingleAsync();
        }

        await host.Services.GetRequiredService<GatewaySnapshotStore>().WaitForVersionAsync(version, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(20));
    }
}
