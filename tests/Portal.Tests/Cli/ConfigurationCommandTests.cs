using System.Net;
using AiGateway.Portal.Cli;
using AiGateway.Portal.Tests.Infrastructure;
using AiGateway.Shared.Security;
using AiGateway.Shared.Services.Configuration;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Portal.Tests.Cli;

/// <summary>The <c>config</c> command against real portals over HTTP: export from one instance, apply to an empty one.</summary>
public sealed class ConfigurationCommandTests : PortalTestBase
{
    private const string BackendKey = "eastus-backend-key-0123456789";
    private readonly string _folder = Directory.CreateTempSubdirectory("aigw-config-").FullName;
    private readonly Dictionary<string, string?> _environment = new(StringComparer.Ordinal);
    private readonly StringWriter _output = new();
    private readonly StringWriter _errors = new();

    [Fact]
    public async Task Export_ApplyToAnEmptyInstance_ExportsTheSameDocument()
    {
        await BuildSourceConfigurationAsync();
        var exported = Path.Combine(_folder, "gateway.yaml");
        Assert.Equal(0, await RunAsync(Factory, "export", "--output", exported));
        var document = await File.ReadAllTextAsync(exported);
        Assert.DoesNotContain(BackendKey, document, StringComparison.Ordinal);
        Assert.Contains("apiKeySecret: env:AIGW_BACKEND_EASTUS_API_KEY", document, StringComparison.Ordinal);

        await using var target = new PortalFactory();
        _environment["AIGW_BACKEND_EASTUS_API_KEY"] = BackendKey;
        Assert.Equal(0, await RunAsync(target, "apply", exported));
        Assert.Contains("Applied", _output.ToString(), StringComparison.Ordinal);

        Assert.Equal(0, await RunAsync(target, "export", "--output", Path.Combine(_folder, "again.yaml")));
        Assert.Equal(document, await File.ReadAllTextAsync(Path.Combine(_folder, "again.yaml")));
        await using var db = target.CreateDbContext();
        var backend = await db.Backends.SingleAsync(b => b.Name == "eastus");
        Assert.Equal(BackendKey, target.Services.GetRequiredService<BackendSecretProtector>().TryUnprotect(backend.ProtectedApiKey));
        Assert.Equal(0, await RunAsync(target, "diff", exported));
        Assert.Contains("already matches", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_ShowsChanges_WithExitCode2_AndApplyDryRunChangesNothing()
    {
        await BuildSourceConfigurationAsync();
        var file = Path.Combine(_folder, "gateway.yaml");
        Assert.Equal(0, await RunAsync(Factory, "export", "--output", file));
        await File.WriteAllTextAsync(file, (await File.ReadAllTextAsync(file)).Replace("tokensPerMinute: 50000", "tokensPerMinute: 60000", StringComparison.Ordinal));
        var before = await ConfigVersionAsync();

        Assert.Equal(ConfigurationCommand.DifferencesFound, await RunAsync(Factory, "diff", file));
        Assert.Equal(0, await RunAsync(Factory, "apply", file, "--dry-run"));

        Assert.Contains("~ QuotaPolicy Retail (tokensPerMinute: 50000 -> 60000)", _output.ToString(), StringComparison.Ordinal);
        Assert.Contains("Dry run", _output.ToString(), StringComparison.Ordinal);
        Assert.Equal(before, await ConfigVersionAsync());
        Assert.Contains("AIGW_BACKEND_EASTUS_API_KEY is not set", _errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Apply_ANewBackendWithoutItsSecret_FailsNamingTheField()
    {
        var file = Path.Combine(_folder, "gateway.yaml");
        await File.WriteAllTextAsync(file, """
            apiVersion: aigateway/v1
            kind: GatewayConfiguration
            backends:
            - name: westus
              baseUrl: https://westus.openai.azure.com/
              apiKeySecret: env:WESTUS_KEY
            """);

        Assert.Equal(1, await RunAsync(Factory, "apply", file));

        Assert.Contains("backends[0].apiKey", _errors.ToString(), StringComparison.Ordinal);
        await using var db = Factory.CreateDbContext();
        Assert.Empty(db.Backends);
    }

    [Theory]
    [InlineData(new[] { "apply" }, "Missing the configuration file")]
    [InlineData(new[] { "frobnicate" }, "Unknown command 'config frobnicate'")]
    [InlineData(new[] { "export", "--colour" }, "Unknown option '--colour'")]
    public async Task CommandLineMistakes_ExitWith1AndTheUsage(string[] args, string expected)
    {
        Assert.Equal(1, await RunAsync(Factory, args));

        Assert.Contains(expected, _errors.ToString(), StringComparison.Ordinal);
        Assert.Contains("usage:", _errors.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AWrongToken_ExitsWith1SayingSo()
    {
        _environment[ConfigurationCommand.TokenVariable] = "not-the-token-0123456789-0123456789";
        using var handler = new SocketsHttpHandler();
        var command = new ConfigurationCommand(handler, name => _environment.GetValueOrDefault(name), _output, _errors);

        Assert.Equal(1, await command.RunAsync(["export", "--url", Factory.CreateClient().BaseAddress!.ToString()], CancellationToken.None));

        Assert.Contains("refused the token (401)", _errors.ToString(), StringComparison.Ordinal);
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Everything the document holds, made through the management API as an admin would.</summary>
    private async Task BuildSourceConfigurationAsync()
    {
        var eastus = await (await Admin.PostJsonAsync("/api/admin/backends", new
        {
            name = "eastus", kind = "AzureOpenAI", baseUrl = "https://eastus.openai.azure.com/", region = "eastus", tier = "Provisioned",
            credentialKind = "ApiKey", apiKey = BackendKey, apiVersion = "2024-10-21",
        })).ReadAsync<IdOnly>(HttpStatusCode.Created);
        var local = await (await Admin.PostJsonAsync("/api/admin/backends", new
        {
            name = "local", kind = "OpenAICompatible", baseUrl = "http://127.0.0.1:11434/v1/", credentialKind = "None", enabled = false,
        })).ReadAsync<IdOnly>(HttpStatusCode.Created);
        var provisioned = await CreateDeploymentAsync(eastus.Id, "gpt-4o");
        var standard = await (await Admin.PostJsonAsync("/api/admin/deployments", new
        {
            backendId = local.Id, name = "llama", model = "llama-3.1-8b", capacityRequestsPerMinute = 60,
            price = new { inputPer1K = 0m, outputPer1K = 0m, monthlyFixedCost = 1250.5m },
        })).ReadAsync<IdOnly>(HttpStatusCode.Created);
        var chat = await (await Admin.PostJsonAsync("/api/admin/aliases", new
        {
            name = "chat", description = "General chat", firstByteTimeoutSeconds = 45.5, allowMixedModelVersions = true,
            targets = new object[] { new { deploymentId = provisioned.Id, weight = 3 }, new { deploymentId = standard.Id, weight = 1, priorityTier = 2 } },
        })).ReadAsync<IdOnly>(HttpStatusCode.Created);
        var retail = await CreateTeamAsync(new
        {
            name = "Retail", description = "Checkout and search", priority = "High", allowedRegions = new[] { "eastus" }, allowedAliases = new[] { "chat" },
            entraAppIds = new[] { "11111111-2222-3333-4444-555555555555" }, maxKeys = 5, maxKeyLifetimeDays = 90, owners = new[] { "ana@contoso.com" },
        });
        (await Admin.PostJsonAsync($"/api/admin/teams/{retail.Id}/members", new { userId = "bo@contoso.com", displayName = "Bo", role = "Member" })).EnsureSuccessStatusCode();
        (await Admin.PostJsonAsync("/api/admin/quota-policies", new { scope = "Team", teamId = retail.Id, tokensPerMinute = 50000, monthlyTokenBudget = 10_000_000 })).EnsureSuccessStatusCode();
        (await Admin.PostJsonAsync("/api/admin/quota-policies", new { scope = "TeamAlias", teamId = retail.Id, aliasId = chat.Id, requestsPerMinute = 30, maxTokensPerRequest = 800 })).EnsureSuccessStatusCode();
        await CreateTeamAsync(new { name = "Research", enabled = false });
    }

    private Task<int> RunAsync(PortalFactory instance, params string[] args)
    {
        _environment[ConfigurationCommand.UrlVariable] = instance.CreateClient().BaseAddress!.ToString();
        _environment.TryAdd(ConfigurationCommand.TokenVariable, PortalFactory.BootstrapToken);
        return RunWithAsync(args);
    }

    private async Task<int> RunWithAsync(string[] args)
    {
        using var handler = new SocketsHttpHandler();
        return await new ConfigurationCommand(handler, name => _environment.GetValueOrDefault(name), _output, _errors).RunAsync(args, CancellationToken.None);
    }

    private sealed record IdOnly(Guid Id);
}
