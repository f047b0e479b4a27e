using System.Net;
using System.Net.Http.Json;
using AiGateway.Portal.Demo;
using AiGateway.Portal.Tests.Infrastructure;
using AiGateway.Shared.Model;
using AiGateway.Shared.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Portal.Tests.Demo;

public sealed class DemoSeederTests
{
    private const string DemoKey = "agw_DemoKey00001_0123456789abcdefghijABCDEFGHIJ0123456789";

    [Fact]
    public async Task Start_EmptyDatabase_SeedsOnce_SecondStartDoesNotSeedAgain()
    {
        var dataPath = Path.Combine(Path.GetTempPath(), $"aigw-demo-test-{Guid.NewGuid():N}");
        var settings = new Dictionary<string, string?> { ["Demo:ApiKey"] = DemoKey };
        long versionAfterFirstStart;
        await using (var first = new PortalFactory(dataPath, demo: true, settings))
        {
            first.CreateClient().Dispose();
            await using var db = first.CreateDbContext();
            var team = await db.Teams.Include(t => t.ApiKeys).Include(t => t.QuotaPolicies).SingleAsync();
            Assert.Equal(DemoSeeder.TeamName, team.Name);
            var key = Assert.Single(team.ApiKeys);
            Assert.True(first.Services.GetRequiredService<ApiKeyHasher>().Verify(DemoKey, key.SecretHash));
            Assert.Single(team.QuotaPolicies);
            var backends = await db.Backends.OrderBy(b => b.Tier).ToListAsync();
            Assert.Equal([BackendTier.Provisioned, BackendTier.Standard], backends.Select(b => b.Tier));
            Assert.All(backends, b => Assert.StartsWith("{self}/", b.BaseUrl, StringComparison.Ordinal));
            var chat = await db.Aliases.Include(a => a.Targets).SingleAsync(a => a.Name == DemoSeeder.ChatAlias);
            Assert.Equal(2, chat.Targets.Count);
            Assert.Contains(await db.AuditEvents.ToListAsync(), e => e.Actor == DemoSeeder.Actor);
            versionAfterFirstStart = await db.ConfigVersions.Select(v => v.Version).SingleAsync();
        }

        await using (var second = new PortalFactory(dataPath, demo: true, settings))
        {
            second.CreateClient().Dispose();
            await using var db = second.CreateDbContext();
            Assert.Equal(1, await db.Teams.CountAsync());
            Assert.Equal(1, await db.ApiKeys.CountAsync());
            Assert.Equal(versionAfterFirstStart, await db.ConfigVersions.Select(v => v.Version).SingleAsync());
        }
    }

    [Fact]
    public async Task Start_Demo_InProcessSimulatorServesEverySeededDeployment_ControlEndpointsOff()
    {
        await using var factory = new PortalFactory(demo: true);
        using var client = factory.CreateClient();
        await using var db = factory.CreateDbContext();
        var deployments = await db.Deployments.Include(d => d.Backend).ToListAsync();
        Assert.Equal(5, deployments.Count);

        foreach (var deployment in deployments)
        {
            var operation = deployment.Model.StartsWith("text-embedding", StringComparison.Ordinal) ? "embeddings" : "chat/completions";
            object body = operation == "embeddings" ? new { input = "hello" } : new { messages = new[] { new { role = "user", content = "hello" } } };
            var path = deployment.Backend!.BaseUrl.Replace("{self}", "", StringComparison.Ordinal);
            using var request = new HttpRequestMessage(HttpMethod.Post, $"{path}/openai/deployments/{deployment.Name}/{operation}?api-version={deployment.Backend.ApiVersion}")
            {
                Content = JsonContent.Create(body),
            };
            request.Headers.Add("api-key", "demo-simulator-key");

            var response = await client.SendAsync(request);

            // The faulty one exists to be rolled back: it fails a share of its calls on purpose.
            var served = response.IsSuccessStatusCode || (deployment.Name == DemoSeeder.FaultyChatDeployment && (int)response.StatusCode == 500);
            Assert.True(served, $"{deployment.Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/simulator/_simulator/config")).StatusCode);
    }

    [Fact]
    public async Task Start_DemoDisabled_SeedsNothing()
    {
        await using var factory = new PortalFactory(demo: false);
        factory.CreateClient().Dispose();

        await using var db = factory.CreateDbContext();
        Assert.Equal(0, await db.Teams.CountAsync());
        Assert.Equal(0, await db.Backends.CountAsync());
    }

    [Fact]
    public async Task Start_MalformedDemoApiKey_FailsNamingTheSetting()
    {
        await using var factory = new PortalFactory(demo: true, settings: new Dictionary<string, string?> { ["Demo:ApiKey"] = "demo" });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Demo:ApiKey", error.ToString(), StringComparison.Ordinal);
    }
}
