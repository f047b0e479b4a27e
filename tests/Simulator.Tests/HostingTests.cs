using System.ClientModel;
using System.Net;
using Azure.AI.OpenAI;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Options;
using OpenAI.Chat;

namespace AiGateway.Simulator.Tests;

/// <summary>The standalone host, a host that maps the simulator under a prefix, and start-up validation.</summary>
public sealed class HostingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StandaloneProgram_DefaultSettings_ListsTheConfiguredDeployments()
    {
        await using var factory = new WebApplicationFactory<Program>();
        using var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("api-key", "sim-key-1");

        var models = await (await client.GetAsync("/v1/models", Ct)).ReadJsonAsync();
        var ids = models["data"]!.AsArray().Select(m => (string)m!["id"]!).ToArray();

        Assert.Equal(["gpt-4o", "gpt-4o-mini", "text-embedding-3-small"], ids);
    }

    [Fact]
    public async Task MapSimulator_WithPrefix_ServesTheAzureSdkUnderThePrefix()
    {
        await using var server = await SimulatorServer.StartAsync(prefix: "/simulator");
        var client = new AzureOpenAIClient(server.BaseAddress, new ApiKeyCredential(SimulatorServer.ApiKey)).GetChatClient("chat");

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("Hi")], cancellationToken: Ct);
        using var unprefixed = new HttpClient();
        using var outside = await unprefixed.GetAsync(new Uri(server.BaseAddress, "/v1/models"), Ct);

        Assert.Equal(16, completion.Usage.OutputTokenCount);
        Assert.EndsWith("/simulator/", server.BaseAddress.AbsoluteUri, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
    }

    [Fact]
    public async Task AddSimulator_InvalidSetting_FailsAtStartNamingTheSetting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => SimulatorServer.StartAsync(s =>
        {
            s["Simulator:Deployments:chat:Faults:ErrorRate"] = "1.5";
            s["Simulator:Deployments:embed:TokensPerMinute"] = "-1";
        }));

        Assert.Contains("Simulator:Deployments:chat:Faults:ErrorRate", error.Message, StringComparison.Ordinal);
        Assert.Contains("Simulator:Deployments:embed:TokensPerMinute", error.Message, StringComparison.Ordinal);
    }
}
