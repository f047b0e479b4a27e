using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AiGateway.Portal.Hosting;
using AiGateway.Portal.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MudBlazor;

namespace AiGateway.Portal.Tests.Hosting;

/// <summary>
/// <c>Host:Roles</c>: a replica serves the gateway, the portal and management API, or both, and what it does not serve
/// is neither answered nor registered.
/// </summary>
public sealed class HostRolesTests
{
    private const string DemoKey = "agw_DemoKey00001_0123456789abcdefghijABCDEFGHIJ0123456789";

    // The background work of each role, by type name (several are internal to their assemblies).
    private static readonly string[] GatewayWork = ["GatewayConfigurationPoller", "UsageWriter", "ThrottleEventWriter", "KeyUseWriter", "RolloutDriver", "TokenizerPreloader"];
    private static readonly string[] PortalWork = ["AlertDispatcherService", "BudgetNoticeService", "ChargebackPeriodCloser", "ThrottleEventRetention"];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(null, true, true)]
    [InlineData("", true, true)]
    [InlineData("Gateway,Portal", true, true)]
    [InlineData("portal; GATEWAY", true, true)]
    [InlineData("Gateway", true, false)]
    [InlineData(" gateway ", true, false)]
    [InlineData("Portal", false, true)]
    public void TryParse_ValidNames_GiveTheRoles(string? value, bool gateway, bool portal)
    {
        Assert.True(HostRoles.TryParse(value, out var roles, out var problem));

        Assert.Null(problem);
        Assert.Equal(new HostRoles(gateway, portal), roles);
    }

    [Theory]
    [InlineData("Gatewy", "'Gatewy'")]
    [InlineData("Gateway,Admin", "'Admin'")]
    [InlineData(",", "names no role")]
    public void TryParse_InvalidValue_IsRefusedNamingTheSettingAndTheValidNames(string value, string named)
    {
        Assert.False(HostRoles.TryParse(value, out _, out var problem));

        Assert.Contains("Host:Roles", problem, StringComparison.Ordinal);
        Assert.Contains(named, problem, StringComparison.Ordinal);
        Assert.Contains("Gateway, Portal, or both", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_WrittenAsAnArray_IsReadAsTheList_NotAsUnset()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Host:Roles:0"] = "Gateway" })
            .Build();

        Assert.True(HostRoles.TryParse(HostRolesExtensions.Read(configuration), out var roles, out _));
        Assert.Equal(new HostRoles(Gateway: true, Portal: false), roles);
    }

    [Fact]
    public async Task Start_InvalidRole_FailsNamingTheSetting()
    {
        await using var factory = new PortalFactory(settings: Roles("Gateway,Portals"));

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        Assert.Contains("Host:Roles names 'Portals', which is not a role", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_GatewayOnly_ServesTheModelApiAndHealth_PortalPathsAre404_NoUiOrSignInRegistered()
    {
        await using var factory = new PortalFactory(demo: true, settings: Roles("Gateway", ("Demo:ApiKey", DemoKey)));
        using var client = factory.CreateClient();

        using var chat = await Chat(client);
        Assert.True(chat.StatusCode == HttpStatusCode.OK, await chat.Content.ReadAsStringAsync(Ct));
        using var models = new HttpRequestMessage(HttpMethod.Get, "/v1/models");
        models.Headers.Add("api-key", DemoKey);
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(models, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz", Ct)).StatusCode);
        var ready = JsonDocument.Parse(await client.GetStringAsync("/readyz", Ct)).RootElement;
        Assert.True(ready.GetProperty("checks").TryGetProperty("gateway-configuration", out _));

        using var admin = factory.CreateAdminClient();
        foreach (var path in new[] { "/api/admin/teams", "/", "/teams", "/signin", "/openapi/v1.json", "/_framework/blazor.web.js" })
        {
            Assert.True(HttpStatusCode.NotFound == (await admin.GetAsync(path, Ct)).StatusCode, path);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsJsonAsync("/account/dev/signin", new { userId = "admin@demo.local", role = "Admin" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/admin/teams", new { name = "nope" }, Ct)).StatusCode);

        // What a gateway-only replica saves is what it never registers: the UI, MudBlazor, the portal's sign-in.
        var registered = factory.Services.GetRequiredService<IServiceProviderIsService>();
        Assert.False(registered.IsService(typeof(IDialogService)));
        Assert.False(registered.IsService(typeof(Microsoft.AspNetCore.Components.NavigationManager)));
        Assert.False(registered.IsService(typeof(IAuthenticationSchemeProvider)));
        var work = HostedWork(factory);
        Assert.All(GatewayWork, name => Assert.Contains(name, work));
        Assert.All(PortalWork, name => Assert.DoesNotContain(name, work));
        Assert.Contains("AlertEventWriter", work); // alerts it raises still reach the outbox
    }

    [Fact]
    public async Task Start_PortalOnly_ServesTheUiAndManagementApi_ModelApiIs404SayingSo_NoGatewayWork()
    {
        await using var factory = new PortalFactory(settings: Roles("Portal"));
        using var admin = factory.CreateAdminClient();

        var team = await (await admin.PostJsonAsync("/api/admin/teams", new { name = "portal-only" })).ReadAsync<JsonElement>(HttpStatusCode.Created);
        // Issuing a key asks this replica's gateway to reload; with none here it must still answer at once.
        using var issued = await admin.PostJsonAsync($"/api/admin/teams/{team.GetProperty("id").GetGuid()}/keys", new { name = "k" });
        Assert.True(issued.StatusCode == HttpStatusCode.Created, await issued.Content.ReadAsStringAsync(Ct));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/admin/traffic/live", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/openapi/v1.json", Ct)).StatusCode);
        using var member = await factory.CreateSignedInClientAsync("admin@contoso.com", "Admin");
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/backends", Ct)).StatusCode);
        var ready = JsonDocument.Parse(await admin.GetStringAsync("/readyz", Ct)).RootElement;
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.False(ready.GetProperty("checks").TryGetProperty("gateway-configuration", out _));

        foreach (var path in new[] { "/v1/chat/completions", "/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-10-21", "/openai/v1/embeddings" })
        {
            using var response = await Chat(admin, path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct)).RootElement.GetProperty("error");
            Assert.Equal("gateway_not_served", error.GetProperty("code").GetString());
            Assert.Contains("does not serve the gateway", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/v1/models", Ct)).StatusCode);
        var work = HostedWork(factory);
        Assert.All(PortalWork, name => Assert.Contains(name, work));
        Assert.All(GatewayWork, name => Assert.DoesNotContain(name, work));
    }

    [Fact]
    public async Task Start_Default_ServesBothRolesAndRunsBothRolesWork()
    {
        await using var factory = new PortalFactory(demo: true, settings: new Dictionary<string, string?> { ["Demo:ApiKey"] = DemoKey });
        using var admin = factory.CreateAdminClient();

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/admin/teams", Ct)).StatusCode);
        using var chat = await Chat(factory.CreateClient());
        Assert.Equal(HttpStatusCode.OK, chat.StatusCode);
        Assert.Equal(HostRoles.Both, factory.Services.GetRequiredService<HostRoles>());
        var work = HostedWork(factory);
        Assert.All(GatewayWork.Concat(PortalWork), name => Assert.Contains(name, work));
    }

    private static Dictionary<string, string?> Roles(string roles, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?> { [HostRoles.SettingName] = roles };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    private static Task<HttpResponseMessage> Chat(HttpClient client, string path = "/v1/chat/completions")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = JsonContent.Create(new { model = "gpt-4o-mini", messages = new[] { new { role = "user", content = "hello" } }, max_tokens = 5 }),
        };
        request.Headers.Add("api-key", DemoKey);
        return client.SendAsync(request, Ct);
    }

    private static HashSet<string> HostedWork(PortalFactory factory) =>
        [.. factory.Services.GetServices<IHostedService>().Select(s => s.GetType().Name)];
}
