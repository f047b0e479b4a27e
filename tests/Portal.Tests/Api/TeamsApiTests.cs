using System.Net;
using System.Text;
using AiGateway.Portal.Tests.Infrastructure;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Teams;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Portal.Tests.Api;

public sealed class TeamsApiTests : PortalTestBase
{
    [Fact]
    public async Task Create_ValidTeam_Is201_AuditedAndBumpsConfigVersion()
    {
        var versionBefore = await ConfigVersionAsync();

        var response = await Admin.PostJsonAsync("/api/admin/teams", new
        {
            name = "Contoso Retail",
            priority = "High",
            allowedRegions = new[] { "swedencentral" },
            owners = new[] { "ana@contoso.com" },
        });

        var team = await response.ReadAsync<TeamView>(HttpStatusCode.Created);
        Assert.Equal($"/api/admin/teams/{team.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal(PriorityClass.High, team.Priority);
        Assert.Equal(["swedencentral"], team.AllowedRegions);
        Assert.Equal(versionBefore + 1, await ConfigVersionAsync());

        await using var db = Factory.CreateDbContext();
        var audit = await db.AuditEvents.Where(e => e.EntityId == team.Id.ToString()).SingleAsync();
        Assert.Equal("Team.Created", audit.Action);
        Assert.Equal("bootstrap-token", audit.Actor);
        Assert.Null(audit.Before);
        Assert.Contains("Contoso Retail", audit.After, StringComparison.Ordinal);
        var owner = await db.TeamMembers.SingleAsync(m => m.TeamId == team.Id);
        Assert.Equal(("ana@contoso.com", TeamRole.Owner), (owner.UserId, owner.Role));
    }

    [Fact]
    public async Task GetListUpdateDelete_RoundTrip()
    {
        var team = await CreateTeamAsync();

        var fetched = await (await Admin.GetAsync($"/api/admin/teams/{team.Id}")).ReadAsync<TeamView>(HttpStatusCode.OK);
        Assert.Equal(team.Name, fetched.Name);
        var listed = await (await Admin.GetAsync("/api/admin/teams")).ReadAsync<List<TeamView>>(HttpStatusCode.OK);
        Assert.Contains(listed, t => t.Id == team.Id);

        var updated = await (await Admin.PutJsonAsync($"/api/admin/teams/{team.Id}", new { name = team.Name + "-renamed", enabled = false, maxKeys = 3 }))
            .ReadAsync<TeamView>(HttpStatusCode.OK);
        Assert.Equal((team.Name + "-renamed", false, 3), (updated.Name, updated.Enabled, updated.MaxKeys));

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/admin/teams/{team.Id}")).StatusCode);
        await (await Admin.GetAsync($"/api/admin/teams/{team.Id}")).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Create_MissingNameAndNegativeLimits_Is400NamingEachField_AndWritesNothing()
    {
        var versionBefore = await ConfigVersionAsync();

        var problem = await (await Admin.PostJsonAsync("/api/admin/teams", new { name = " ", maxKeys = -1 })).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.FieldErrors("name"));
        Assert.NotEmpty(problem.FieldErrors("maxKeys"));
        Assert.Equal(versionBefore, await ConfigVersionAsync());
    }

    [Fact]
    public async Task Create_DuplicateName_Is409()
    {
        var team = await CreateTeamAsync();

        var problem = await (await Admin.PostJsonAsync("/api/admin/teams", new { name = team.Name })).ProblemAsync(HttpStatusCode.Conflict);

        Assert.Contains(team.Name, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_MalformedJson_Is400ProblemThatSaysWhy()
    {
        using var content = new StringContent("{\"name\": \"x\",", Encoding.UTF8, "application/json");

        var problem = await (await Admin.PostAsync("/api/admin/teams", content)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_UnknownEnumValue_Is400NamingThePath()
    {
        var problem = await (await Admin.PostJsonAsync("/api/admin/teams", new { name = "x", priority = "Urgent" })).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("$.priority", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_OversizedBody_Is413()
    {
        var body = new { name = "big", description = new string('x', 300 * 1024) };

        var problem = await (await Admin.PostJsonAsync("/api/admin/teams", body)).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);

        Assert.NotNull(problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Members_AddListRemove_AndDuplicateIs409()
    {
        var team = await CreateTeamAsync();

        var added = await (await Admin.PostJsonAsync($"/api/admin/teams/{team.Id}/members", new { userId = "ben@contoso.com", role = "Member" }))
            .ReadAsync<TeamMemberView>(HttpStatusCode.Created);
        await (await Admin.PostJsonAsync($"/api/admin/teams/{team.Id}/members", new { userId = "ben@contoso.com" })).ProblemAsync(HttpStatusCode.Conflict);
        var members = await (await Admin.GetAsync($"/api/admin/teams/{team.Id}/members")).ReadAsync<List<TeamMemberView>>(HttpStatusCode.OK);
        Assert.Equal(["ben@contoso.com"], members.Select(m => m.UserId));

        Assert.Equal(HttpStatusCode.NoContent, (await Admin.DeleteAsync($"/api/admin/teams/{team.Id}/members/{added.Id}")).StatusCode);
        Assert.Empty(await (await Admin.GetAsync($"/api/admin/teams/{team.Id}/members")).ReadAsync<List<TeamMemberView>>(HttpStatusCode.OK));
    }
}
