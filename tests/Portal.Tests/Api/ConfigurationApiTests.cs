using System.Net;
using System.Text;
using AiGateway.Portal.Tests.Infrastructure;
using AiGateway.Shared.Services.Configuration;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Portal.Tests.Api;

public sealed class ConfigurationApiTests : PortalTestBase
{
    private const string Document = """
        apiVersion: aigateway/v1
        kind: GatewayConfiguration
        backends:
        - name: eastus
          baseUrl: https://eastus.openai.azure.com/
          region: eastus
          credentialKind: ManagedIdentity
          deployments:
          - name: gpt-4o-mini
            model: gpt-4o-mini
            modelVersion: 2024-07-18
            prices:
            - effectiveFrom: 2000-01-01T00:00:00Z
              inputPer1K: 0.00015
              outputPer1K: 0.0006
        aliases:
        - name: chat
          targets:
          - backend: eastus
            deployment: gpt-4o-mini
        teams:
        - name: Retail
          members:
          - userId: ana@contoso.com
            role: Owner
          quota:
            tokensPerMinute: 10000
        """;

    [Fact]
    public async Task DryRun_ShowsThePlan_AndWritesNothing()
    {
        var before = await ConfigVersionAsync();

        var plan = await (await PutAsync(Document, "?dryRun=true")).ReadAsync<ConfigurationPlan>(HttpStatusCode.OK);

        Assert.False(plan.Applied);
        Assert.Equal(before, plan.BasedOnVersion);
        string[] expected =
        [
            "Create Backend eastus", "Create Deployment eastus/gpt-4o-mini", "Create DeploymentPrice eastus/gpt-4o-mini default from 2000-01-01 00:00:00Z", "Create ModelAlias chat", "Create AliasTarget chat -> eastus/gpt-4o-mini",
            "Create Team Retail", "Create TeamMember Retail: ana@contoso.com", "Create QuotaPolicy Retail",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), plan.Changes.Select(c => $"{c.Action} {c.Kind} {c.Name}").Order(StringComparer.Ordinal));
        Assert.Equal(before, await ConfigVersionAsync());
        await using var db = Factory.CreateDbContext();
        Assert.Empty(db.Backends);
        Assert.Empty(db.Teams);
    }

    [Fact]
    public async Task Apply_WritesEverythingInOneAuditedVersion_AndAgainChangesNothing()
    {
        var before = await ConfigVersionAsync();

        var plan = await (await PutAsync(Document)).ReadAsync<ConfigurationPlan>(HttpStatusCode.OK);

        Assert.True(plan.Applied);
        Assert.Equal(before + 1, plan.Version);
        Assert.Equal(before + 1, await ConfigVersionAsync());
        await using (var db = Factory.CreateDbContext())
        {
            Assert.Equal(8, await db.AuditEvents.CountAsync(e => e.Actor == "bootstrap-token"));
            var team = await db.Teams.Include(t => t.QuotaPolicies).SingleAsync();
            Assert.Equal(10000, team.QuotaPolicies.Single().TokensPerMinute);
        }

        var again = await (await PutAsync(Document)).ReadAsync<ConfigurationPlan>(HttpStatusCode.OK);
        Assert.False(again.Applied);
        Assert.Empty(again.Changes);
        Assert.Equal(before + 1, await ConfigVersionAsync());
    }

    [Fact]
    public async Task Apply_UpdatesInPlace_AndDeletesWhatTheDocumentLeavesOut()
    {
        await (await PutAsync(Document)).ReadAsync<ConfigurationPlan>(HttpStatusCode.OK);
        Guid deploymentId;
        await using (var db = Factory.CreateDbContext())
        {
            deploymentId = (await db.Deployments.SingleAsync()).Id;
        }

        var changed = Document.Replace("modelVersion: 2024-07-18", "modelVersion: 2025-01-31", StringComparison.Ordinal)
            .Replace("""
                teams:
                - name: Retail
                  members:
                  - userId: ana@contoso.com
                    role: Owner
                  quota:
                    tokensPerMinute: 10000
                """, "teams: []", StringComparison.Ordinal);
        var plan = await (await PutAsync(changed)).ReadAsync<ConfigurationPlan>(HttpStatusCode.OK);

        var update = Assert.Single(plan.Changes, c => c.Action == "Update");
        Assert.Equal("eastus/gpt-4o-mini", update.Name);
        Assert.Equal(new FieldChange("modelVersion", "2024-07-18", "2025-01-31"), Assert.Single(update.Fields));
        Assert.Contains(plan.Changes, c => c is { Action: "Delete", Kind: "Team", Name: "Retail" });
        await using (var db = Factory.CreateDbContext())
        {
            var deployment = await db.Deployments.SingleAsync();
            Assert.Equal(deploymentId, deployment.Id);
            Assert.Equal("2025-01-31", deployment.ModelVersion);
            Assert.Empty(db.Teams);
            Assert.Empty(db.TeamMembers);
            Assert.Empty(db.QuotaPolicies);
        }
    }

    [Fact]
    public async Task Apply_WithMistakes_Is400NamingEachPlace_AndWritesNothing()
    {
        var bad = Document
            .Replace("inputPer1K: 0.00015", "inputPer1K: -1", StringComparison.Ordinal)
            .Replace("deployment: gpt-4o-mini", "deployment: gpt-5", StringComparison.Ordinal)
            .Replace("tokensPerMinute: 10000", "tokensPerMinute: 0", StringComparison.Ordinal)
            + "\n- name: Retail\n";
        var before = await ConfigVersionAsync();

        var problem = await (await PutAsync(bad)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors("backends[0].deployments[0].prices[0].inputPer1K"));
        Assert.Contains("no deployment 'gpt-5' on backend 'eastus'", Assert.Single(problem.FieldErrors("aliases[0].targets[0]")), StringComparison.Ordinal);
        Assert.NotEmpty(problem.FieldErrors("teams[0].quota.tokensPerMinute"));
        Assert.Contains("appears twice", Assert.Single(problem.FieldErrors("teams[1].name")), StringComparison.Ordinal);
        Assert.Equal(before, await ConfigVersionAsync());
        await using var db = Factory.CreateDbContext();
        Assert.Empty(db.Backends);
    }

    [Theory]
    [InlineData("backends: [", "Line ")]
    [InlineData("teams:\n- name: Retail\n  tokensPerMinut: 5\n", "tokensPerMinut")]
    [InlineData("apiVersion: aigateway/v2\n", "'apiVersion' must be 'aigateway/v1'")]
    public async Task Apply_UnreadableDocument_Is400SayingWhy(string yaml, string expected)
    {
        var problem = await (await PutAsync(yaml)).ProblemAsync(HttpStatusCode.BadRequest);

        var messages = problem.GetProperty("errors").EnumerateObject().SelectMany(e => e.Value.EnumerateArray()).Select(m => m.GetString());
        Assert.Contains(messages, m => m!.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Apply_AfterTheConfigurationMoved_Is409WhenAVersionIsExpected()
    {
        var plan = await (await PutAsync(Document, "?dryRun=true")).ReadAsync<ConfigurationPlan>(HttpStatusCode.OK);
        await CreateTeamAsync();

        var problem = await (await PutAsync(Document, $"?expectedVersion={plan.BasedOnVersion}")).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains("make the plan again", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        await using var db = Factory.CreateDbContext();
        Assert.Empty(db.Backends);
    }

    [Fact]
    public async Task Apply_LeavesIssuedKeysOfAKeptTeamAlone()
    {
        await (await PutAsync(Document)).ReadAsync<ConfigurationPlan>(HttpStatusCode.OK);
        Guid teamId;
        await using (var db = Factory.CreateDbContext())
        {
            teamId = (await db.Teams.SingleAsync()).Id;
        }

        (await Admin.PostJsonAsync($"/api/admin/teams/{teamId}/keys", new { name = "checkout" })).EnsureSuccessStatusCode();

        var plan = await (await PutAsync(Document)).ReadAsync<ConfigurationPlan>(HttpStatusCode.OK);

        Assert.Empty(plan.Changes);
        await using var after = Factory.CreateDbContext();
        Assert.Single(after.ApiKeys);
    }

    [Fact]
    public async Task Apply_AsSignedInTeamMember_Is403()
    {
        var client = await Factory.CreateSignedInClientAsync("member@contoso.com", "TeamMember");

        var response = await client.PutAsync("/api/admin/configuration", new StringContent(Document, Encoding.UTF8, ConfigurationYaml.MediaType));

        await response.ProblemAsync(HttpStatusCode.Forbidden);
    }

    private Task<HttpResponseMessage> PutAsync(string yaml, string query = "") =>
        Admin.PutAsync("/api/admin/configuration" + query, new StringContent(yaml, Encoding.UTF8, ConfigurationYaml.MediaType));
}
