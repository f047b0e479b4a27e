using System.Net.Http.Headers;
using System.Net.Http.Json;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Backends;
using AiGateway.Shared.Services.Pricing;
using AiGateway.Shared.Services.Keys;
using AiGateway.Shared.Services.Quotas;
using AiGateway.Shared.Services.Rollouts;
using AiGateway.Shared.Services.Teams;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Browser.Tests.Infrastructure;

/// <summary>
/// Every string a person or a client can put in front of the portal, seeded with markup that runs script if any page
/// renders it as HTML: team, members, key, backend, deployments, quota, rollout note, the actor of every change (so
/// the audit log shows it), and gateway calls whose records carry those names into the request explorer, the
/// throttling log and the usage charts.
/// </summary>
public sealed class HostileData
{
    /// <summary>Breaks out of an attribute, adds an element with a handler, and closes a script block to open another.</summary>
    public const string Payload = "'\"><img src=x onerror=\"window.__xss=1\"><svg onload=\"window.__xss=1\"></script><script>window.__xss=1</script>";

    /// <summary>What every rendered payload shows as text: a page that shows this, escaped, was given hostile data.</summary>
    public const string Marker = "window.__xss=1";

    /// <summary>A shorter payload for fields limited to 64 characters.</summary>
    public const string ShortPayload = "<img src=x onerror=\"window.__xss=1\">";

    /// <summary>The development user the test signs in as (an admin): every change it makes is audited under this id.</summary>
    public const string UserId = Payload + "@example.com";

    private HostileData(Guid teamId) => TeamId = teamId;

    public static string Named(string what) => $"{Payload} {what}";

    public Guid TeamId { get; }

    public static string TeamName => Named("team");

    public static async Task<HostileData> SeedAsync(PortalHost host)
    {
        using var scope = host.Services.CreateScope();
        var services = scope.ServiceProvider;
        const string actor = UserId;

        var team = await services.GetRequiredService<TeamService>().CreateAsync(new TeamInput
        {
            Name = Named("team"),
            Description = Named("description"),
            Owners = [UserId],
        }, actor);
        await services.GetRequiredService<TeamService>().AddMemberAsync(team.Id, new TeamMemberInput
        {
            UserId = Named("member"),
            DisplayName = Named("display name"),
        }, actor);
        var key = await services.GetRequiredService<ApiKeyService>().IssueAsync(team.Id, new ApiKeyInput { Name = Named("key") }, actor);

        var backends = services.GetRequiredService<BackendService>();
        var simulator = (await backends.ListAsync())[0];
        var backend = await backends.CreateAsync(new BackendInput
        {
            Name = Named("backend"),
            Kind = simulator.Kind,
            BaseUrl = simulator.BaseUrl,
            Region = ShortPayload,
            Tier = BackendTier.Standard,
            CredentialKind = BackendCredentialKind.ApiKey,
            ApiKey = "demo-simulator-key",
            ApiVersion = simulator.ApiVersion,
        }, actor);
        var deployments = services.GetRequiredService<DeploymentService>();
        var blue = await deployments.CreateAsync(new DeploymentInput
        {
            BackendId = backend.Id, Name = Named("blue"), Model = Named("model"), ModelVersion = ShortPayload,
            Price = new DeploymentPriceInput { InputPer1K = 0.001m, OutputPer1K = 0.002m, MonthlyFixedCost = 10m }, CapacityTokensPerMinute = 10_000,
        }, actor);
        var green = await deployments.CreateAsync(new DeploymentInput
        {
            BackendId = backend.Id, Name = Named("green"), Model = Named("model"),
            Price = new DeploymentPriceInput { InputPer1K = 0.001m, OutputPer1K = 0.002m },
        }, actor);

        // Alias names are limited to letters, digits, '.', '_' and '-': only its description can carry markup.
        var alias = await services.GetRequiredService<AliasService>().CreateAsync(new AliasInput
        {
            Name = "hostile-alias",
            Description = Named("alias description"),
            Targets = [new AliasTargetInput { DeploymentId = blue.Id, Weight = 1 }],
        }, actor);
        await services.GetRequiredService<QuotaPolicyService>().CreateAsync(new QuotaPolicyInput
        {
            Scope = QuotaScope.Team, TeamId = team.Id, RequestsPerMinute = 3, DailyTokenBudget = 1_000_000,
        }, actor);

        var rollouts = services.GetRequiredService<RolloutService>();
        var rollout = await rollouts.CreateAsync(new RolloutInput { AliasId = alias.Id, ToDeploymentId = green.Id, StepHoldSeconds = 3600, Start = true }, actor);
        await rollouts.PauseAsync(rollout.Id, actor, new RolloutNote(Named("rollout note")));

        await GatewayCalls.WaitForCurrentConfigurationAsync(host);
        await CallGatewayAsync(host, key.Secret);
        return new HostileData(team.Id);
    }

    /// <summary>
    /// Calls that leave records with the hostile names: answered ones on the demo alias, one through the hostile
    /// deployment, and more than the team's quota allows, so a 429 reaches the throttling log. Their answers do not
    /// matter here, only what the portal later shows of them.
    /// </summary>
    private static async Task CallGatewayAsync(PortalHost host, string key)
    {
        using var client = new HttpClient { BaseAddress = host.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("hostile-test");
        foreach (var model in new[] { "gpt-4o-mini", "hostile-alias", "gpt-4o-mini", Payload, "gpt-4o-mini", "gpt-4o-mini" })
        {
            using var response = await client.PostAsJsonAsync("v1/chat/completions", new
            {
                model,
                user = Payload,
                max_tokens = 3,
                messages = new[] { new { role = "user", content = Payload } },
            });
        }
    }
}
