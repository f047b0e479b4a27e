using System.Net;
using AiGateway.Portal.Tests.Infrastructure;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Aliases;
using AiGateway.Shared.Services.Audit;
using AiGateway.Shared.Services.Backends;
using AiGateway.Shared.Services.Rollouts;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Portal.Tests.Api;

public sealed class RolloutsApiTests : PortalTestBase
{
    [Fact]
    public async Task Rollout_CreateStartAdvancePauseResumeAndPromote_RecordsHistoryAuditsAndBumpsVersion()
    {
        var (alias, blue, green) = await AliasWithGreenAsync();
        var created = await (await Admin.PostJsonAsync("/api/admin/rollouts", new
        {
            aliasId = alias.Id,
            toDeploymentId = green,
            stepWeights = new[] { 10, 50, 100 },
            stepHoldSeconds = 60,
        })).ReadAsync<RolloutView>(HttpStatusCode.Created);
        Assert.Equal((RolloutState.Pending, blue, 0), (created.State, created.FromDeploymentId, created.CurrentWeight));
        Assert.Equal(RolloutStrategy.Canary, created.Strategy);

        var before = await ConfigVersionAsync();
        var started = await PostAsync(created.Id, "start", HttpStatusCode.OK);
        Assert.Equal((RolloutState.Running, 0, 10), (started.State, started.CurrentStep, started.CurrentWeight));
        Assert.True(await ConfigVersionAsync() > before);

        var advanced = await PostAsync(created.Id, "advance", HttpStatusCode.OK);
        Assert.Equal((1, 50), (advanced.CurrentStep, advanced.CurrentWeight));
        Assert.Equal(RolloutState.Paused, (await PostAsync(created.Id, "pause", HttpStatusCode.OK)).State);
        Assert.Equal(RolloutState.Running, (await PostAsync(created.Id, "resume", HttpStatusCode.OK)).State);
        Assert.Equal(100, (await PostAsync(created.Id, "advance", HttpStatusCode.OK)).CurrentWeight);

        var promoted = await PostAsync(created.Id, "advance", HttpStatusCode.OK);

        Assert.Equal((RolloutState.Promoted, 100), (promoted.State, promoted.CurrentWeight));
        Assert.NotNull(promoted.CompletedAt);
        Assert.Equal(
            [RolloutState.Pending, RolloutState.Running, RolloutState.Running, RolloutState.Paused, RolloutState.Running, RolloutState.Running, RolloutState.Promoted],
            promoted.History.Select(h => h.ToState));
        Assert.All(promoted.History, h => Assert.Equal("bootstrap-token", h.Actor));
        var target = Assert.Single((await (await Admin.GetAsync($"/api/admin/aliases/{alias.Id}")).ReadAsync<AliasView>(HttpStatusCode.OK)).Targets);
        Assert.Equal(green, target.DeploymentId);
        var audit = await (await Admin.GetAsync($"/api/admin/audit?entityType=Rollout&entityId={created.Id}")).ReadAsync<List<AuditEventView>>(HttpStatusCode.OK);
        Assert.Equal(7, audit.Count);
    }

    [Fact]
    public async Task Rollout_RollBack_LeavesTheAliasTargetsAsTheyWere_AndAlertsTheChannels()
    {
        await using var receiver = await AiGateway.Shared.Tests.Services.Alerts.WebhookReceiver.StartAsync();
        await (await Admin.PostJsonAsync("/api/admin/alerts/channels", new { name = "releases", kind = "Webhook", url = receiver.Url, kinds = new[] { "RolloutRolledBack" } }))
            .ReadAsync<AiGateway.Shared.Services.Alerts.AlertChannelView>(HttpStatusCode.Created);
        var (alias, blue, green) = await AliasWithGreenAsync();
        var rollout = await CreateAsync(alias.Id, green, start: true);

        var rolledBack = await PostAsync(rollout.Id, "rollback", HttpStatusCode.OK);

        // The host's own writer and dispatcher deliver it, off the request.
        await receiver.WaitForNextAsync(TimeSpan.FromSeconds(30));
        var alert = System.Text.Json.JsonDocument.Parse(Assert.Single(receiver.Received).Body).RootElement;
        Assert.Equal("RolloutRolledBack", alert.GetProperty("kind").GetString());
        Assert.Equal(alias.Name, alert.GetProperty("facts").GetProperty("Alias").GetString());

        Assert.Equal((RolloutState.RolledBack, 0), (rolledBack.State, rolledBack.CurrentWeight));
        Assert.Contains("\"blue\"", rolledBack.History[^1].Metrics, StringComparison.Ordinal);
        var target = Assert.Single((await (await Admin.GetAsync($"/api/admin/aliases/{alias.Id}")).ReadAsync<AliasView>(HttpStatusCode.OK)).Targets);
        Assert.Equal(blue, target.DeploymentId);
        await (await Admin.PostAsync($"/api/admin/rollouts/{rollout.Id}/resume", null)).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Rollout_InvalidSettings_Are400NamingEachFieldAndWriteNothing()
    {
        var (alias, _, green) = await AliasWithGreenAsync();

        var problem = await (await Admin.PostJsonAsync("/api/admin/rollouts", new
        {
            aliasId = alias.Id,
            toDeploymentId = green,
            stepWeights = new[] { 5, 5, 200 },
            stepHoldSeconds = 0,
            shadowPercent = 101,
            maxErrorRateIncrease = 1.5,
            maxLatencyRatio = 0.5,
            minSamples = 0,
        })).ProblemAsync(HttpStatusCode.BadRequest);

        foreach (var field in new[] { "stepWeights[1]", "stepWeights[2]", "stepHoldSeconds", "shadowPercent", "maxErrorRateIncrease", "maxLatencyRatio", "minSamples" })
        {
            Assert.NotEmpty(problem.FieldErrors(field));
        }

        var blueGreen = await (await Admin.PostJsonAsync("/api/admin/rollouts", new { aliasId = alias.Id, toDeploymentId = green, strategy = "BlueGreen", stepWeights = new[] { 5, 10 } }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(blueGreen.FieldErrors("stepWeights"));
        var unknown = await (await Admin.PostJsonAsync("/api/admin/rollouts", new { aliasId = Guid.NewGuid(), toDeploymentId = Guid.NewGuid() }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(unknown.FieldErrors("aliasId"));
        Assert.NotEmpty(unknown.FieldErrors("toDeploymentId"));
        await using var db = Factory.CreateDbContext();
        Assert.Empty(await db.Rollouts.ToListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Rollout_SecondOnTheSameAlias_Is409_AndGreenAlreadyTheOnlyTarget_Is400()
    {
        var (alias, blue, green) = await AliasWithGreenAsync();
        await CreateAsync(alias.Id, green, start: false);

        await (await Admin.PostJsonAsync("/api/admin/rollouts", new { aliasId = alias.Id, toDeploymentId = green })).ProblemAsync(HttpStatusCode.Conflict);
        var onlyTarget = await (await Admin.PostJsonAsync("/api/admin/rollouts", new { aliasId = (await CreateAliasAsync(blue)).Id, toDeploymentId = blue }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(onlyTarget.FieldErrors("toDeploymentId"));
    }

    [Fact]
    public async Task Rollout_ActionInTheWrongState_Is409_UnknownIs404_AndAliasDeleteIsRefusedWhileActive()
    {
        var (alias, _, green) = await AliasWithGreenAsync();
        var rollout = await CreateAsync(alias.Id, green, start: false);

        await (await Admin.PostAsync($"/api/admin/rollouts/{rollout.Id}/pause", null)).ProblemAsync(HttpStatusCode.Conflict);
        await (await Admin.PostAsync($"/api/admin/rollouts/{Guid.NewGuid()}/start", null)).ProblemAsync(HttpStatusCode.NotFound);
        await (await Admin.DeleteAsync($"/api/admin/aliases/{alias.Id}")).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Equal(RolloutState.Cancelled, (await PostAsync(rollout.Id, "cancel", HttpStatusCode.OK)).State);
        var listed = await (await Admin.GetAsync($"/api/admin/rollouts?aliasId={alias.Id}")).ReadAsync<List<RolloutView>>(HttpStatusCode.OK);
        Assert.Equal(rollout.Id, Assert.Single(listed).Id);
    }

    [Fact]
    public async Task Rollout_JudgingAndSplitSettings_DefaultToTheSafeChoice_AndRoundTrip()
    {
        var (alias, _, green) = await AliasWithGreenAsync();
        var (other, _, otherGreen) = await AliasWithGreenAsync();

        var defaults = await CreateAsync(alias.Id, green, start: false);
        var chosen = await (await Admin.PostJsonAsync("/api/admin/rollouts", new
        {
            aliasId = other.Id,
            toDeploymentId = otherGreen,
            stepHoldSeconds = 60,
            assignment = "PerRequest",
            maxStepSeconds = 900,
            advanceUnjudged = true,
        })).ReadAsync<RolloutView>(HttpStatusCode.Created);

        Assert.Equal((RolloutAssignmentMode.PerClient, RolloutService.DefaultMaxStepSeconds, false), (defaults.Assignment, defaults.MaxStepSeconds, defaults.AdvanceUnjudged));
        Assert.Equal((RolloutAssignmentMode.PerRequest, 900, true), (chosen.Assignment, chosen.MaxStepSeconds, chosen.AdvanceUnjudged));
    }

    [Fact]
    public async Task Rollout_BadJudgingAndSplitSettings_Are400NamingTheFieldAndWriteNothing()
    {
        var (alias, _, green) = await AliasWithGreenAsync();

        var shortStep = await (await Admin.PostJsonAsync("/api/admin/rollouts", new { aliasId = alias.Id, toDeploymentId = green, stepHoldSeconds = 60, maxStepSeconds = 30 }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        var longStep = await (await Admin.PostJsonAsync("/api/admin/rollouts", new { aliasId = alias.Id, toDeploymentId = green, maxStepSeconds = RolloutService.MaxStepSecondsLimit + 1 }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        var fromGreen = await (await Admin.PostJsonAsync("/api/admin/rollouts", new { aliasId = alias.Id, toDeploymentId = green, fromDeploymentId = green }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        await (await Admin.PostJsonAsync("/api/admin/rollouts", new { aliasId = alias.Id, toDeploymentId = green, assignment = "Sometimes" }))
            .ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("hold", Assert.Single(shortStep.FieldErrors("maxStepSeconds")), StringComparison.Ordinal);
        Assert.NotEmpty(longStep.FieldErrors("maxStepSeconds"));
        Assert.NotEmpty(fromGreen.FieldErrors("fromDeploymentId"));
        await using var db = Factory.CreateDbContext();
        Assert.Empty(await db.Rollouts.ToListAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Rollout_Promote_PutsGreenInBluesTierAndWeight_AndLeavesTheOtherTargets()
    {
        var ptu = await CreateBackendAsync();
        var paygo = await (await Admin.PostJsonAsync("/api/admin/backends", new
        {
            name = Unique("paygo"), kind = "AzureOpenAI", baseUrl = "https://paygo.openai.azure.com/", region = "eastus", tier = "Standard",
            credentialKind = "ApiKey", apiKey = "backend-secret-0123456789",
        })).ReadAsync<BackendView>(HttpStatusCode.Created);
        var blue = await CreateDeploymentAsync(ptu.Id);
        var spill = await CreateDeploymentAsync(paygo.Id);
        var green = await CreateDeploymentAsync(paygo.Id);
        var alias = await (await Admin.PostJsonAsync("/api/admin/aliases", new
        {
            name = Unique("alias"),
            targets = new[] { new { deploymentId = blue.Id, weight = 3 }, new { deploymentId = spill.Id, weight = 1 } },
        })).ReadAsync<AliasView>(HttpStatusCode.Created);

        var ambiguous = await (await Admin.PostJsonAsync("/api/admin/rollouts", new { aliasId = alias.Id, toDeploymentId = green.Id }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("fromDeploymentId", Assert.Single(ambiguous.FieldErrors("fromDeploymentId")), StringComparison.Ordinal);
        var rollout = await (await Admin.PostJsonAsync("/api/admin/rollouts", new { aliasId = alias.Id, toDeploymentId = green.Id, fromDeploymentId = blue.Id, start = true }))
            .ReadAsync<RolloutView>(HttpStatusCode.Created);
        Assert.Equal(blue.Id, rollout.FromDeploymentId);

        await PostAsync(rollout.Id, "promote", HttpStatusCode.OK);

        var targets = (await (await Admin.GetAsync($"/api/admin/aliases/{alias.Id}")).ReadAsync<AliasView>(HttpStatusCode.OK)).Targets
            .ToDictionary(t => t.DeploymentId, t => (t.Weight, t.PriorityTier));
        Assert.Equal(new Dictionary<Guid, (int, int?)> { [green.Id] = (3, 0), [spill.Id] = (1, null) }, targets);
    }

    [Fact]
    public async Task Rollout_AliasWithOneTargetOfGreensModel_ReplacesThatOneWithoutBeingTold()
    {
        var backend = await CreateBackendAsync();
        var blue = await CreateDeploymentAsync(backend.Id);
        var green = await CreateDeploymentAsync(backend.Id);
        var other = await (await Admin.PostJsonAsync("/api/admin/deployments", new { backendId = backend.Id, name = Unique("mini-next"), model = "gpt-4.1-mini" }))
            .ReadAsync<DeploymentView>(HttpStatusCode.Created);
        var alias = await CreateAliasAsync(allowMixedModelVersions: true, other.Id, blue.Id);

        var rollout = await CreateAsync(alias.Id, green.Id, start: false);

        Assert.Equal(blue.Id, rollout.FromDeploymentId);
    }

    [Fact]
    public async Task Rollout_AsTeamMember_Is403()
    {
        var client = await Factory.CreateSignedInClientAsync("member@contoso.com", "TeamMember");

        await (await client.GetAsync("/api/admin/rollouts")).ProblemAsync(HttpStatusCode.Forbidden);
        await (await client.PostJsonAsync("/api/admin/rollouts", new { aliasId = Guid.NewGuid(), toDeploymentId = Guid.NewGuid() })).ProblemAsync(HttpStatusCode.Forbidden);
    }

    private async Task<(AliasView Alias, Guid Blue, Guid Green)> AliasWithGreenAsync()
    {
        var backend = await CreateBackendAsync();
        var blue = await CreateDeploymentAsync(backend.Id);
        var green = await CreateDeploymentAsync(backend.Id);
        return (await CreateAliasAsync(blue.Id), blue.Id, green.Id);
    }

    private async Task<RolloutView> CreateAsync(Guid aliasId, Guid green, bool start) =>
        await (await Admin.PostJsonAsync("/api/admin/rollouts", new { aliasId, toDeploymentId = green, start })).ReadAsync<RolloutView>(HttpStatusCode.Created);

    private async Task<RolloutView> PostAsync(Guid id, string action, HttpStatusCode expected) =>
        await (await Admin.PostAsync($"/api/admin/rollouts/{id}/{action}", null)).ReadAsync<RolloutView>(expected);
}
