using System.Net;
using System.Text.Json;
using AiGateway.Gateway.Authentication;
using AiGateway.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Integration.Gateway;

/// <summary>A key's "last used" appears once the replica has flushed its uses: no database write per request.</summary>
public sealed class KeyLastUsedTests : GatewayTestBase
{
    [Fact]
    public async Task LastUsedAt_KeyUsedThenTheFlushIntervalPasses_IsShownByTheManagementApi()
    {
        Assert.Equal(JsonValueKind.Null, (await KeyAsync()).GetProperty("lastUsedAt").ValueKind);
        var usedAt = Gateway.Clock.GetUtcNow();
        using (var response = await ChatAsync())
        {
            await ReadJsonAsync(response, HttpStatusCode.OK);
        }

        // Not written per request: nothing is stored until the writer's interval has passed.
        Assert.Equal(JsonValueKind.Null, (await KeyAsync()).GetProperty("lastUsedAt").ValueKind);

        var writer = Gateway.Services.GetRequiredService<KeyUseWriter>();
        var flushed = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        writer.Flushed += count => flushed.TrySetResult(count);
        Gateway.Clock.Advance(TimeSpan.FromSeconds(60));
        Assert.Equal(1, await flushed.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct));

        var lastUsed = (await KeyAsync()).GetProperty("lastUsedAt").GetDateTimeOffset();
        Assert.Equal(usedAt.UtcTicks / TimeSpan.TicksPerMinute, lastUsed.UtcTicks / TimeSpan.TicksPerMinute);
    }

    private async Task<JsonElement> KeyAsync()
    {
        using var response = await Admin.GetAsync($"/api/admin/keys/{KeyId}", Ct);
        return await ReadJsonAsync(response, HttpStatusCode.OK);
    }
}
