using System.Net;
using AiGateway.Integration.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Integration.Gateway;

/// <summary>Without its database the gateway keeps serving the last configuration it loaded, and says so.</summary>
public sealed class DatabaseOutageTests : GatewayTestBase
{
    [Fact]
    public async Task DatabaseGone_GatewayServesFromItsSnapshot_AndReadyzReportsTheStaleness()
    {
        await using (var db = Gateway.CreateDbContext())
        {
            await db.Database.EnsureDeletedAsync(Ct);
        }

        await Gateway.ReloadAsync();
        using var served = await ChatAsync();
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);

        Gateway.Clock.Advance(TimeSpan.FromSeconds(31));
        await Gateway.ReloadAsync();
        using var ready = await Gateway.CreateClient().GetAsync("/readyz", Ct);
        var report = await ReadJsonAsync(ready, HttpStatusCode.OK);
        var configuration = report.GetProperty("checks").GetProperty("gateway-configuration");
        Assert.Equal("Degraded", configuration.GetProperty("status").GetString());
        Assert.True(configuration.GetProperty("data").GetProperty("staleSeconds").GetDouble() >= 31);
        Assert.False(string.IsNullOrEmpty(configuration.GetProperty("data").GetProperty("lastError").GetString()));

        using var stillServed = await ChatAsync();
        Assert.Equal(HttpStatusCode.OK, stillServed.StatusCode);
    }
}
