using System.Net;
using AiGateway.Portal.Tests.Infrastructure;
using AiGateway.Shared.Services.Audit;

namespace AiGateway.Portal.Tests.Api;

public sealed class AuditApiTests : PortalTestBase
{
    [Fact]
    public async Task Audit_RecordsEveryWriteWithBeforeAndAfter_FilterableByEntity()
    {
        var team = await CreateTeamAsync();
        await Admin.PutJsonAsync($"/api/admin/teams/{team.Id}", new { name = team.Name, description = "now described" });
        await Admin.DeleteAsync($"/api/admin/teams/{team.Id}");
        await CreateTeamAsync();

        var events = await (await Admin.GetAsync($"/api/admin/audit?entityType=Team&entityId={team.Id}")).ReadAsync<List<AuditEventView>>(HttpStatusCode.OK);

        Assert.Equal(["Team.Deleted", "Team.Updated", "Team.Created"], events.Select(e => e.Action));
        Assert.All(events, e => Assert.Equal("bootstrap-token", e.Actor));
        var update = events[1];
        Assert.DoesNotContain("now described", update.Before, StringComparison.Ordinal);
        Assert.Contains("now described", update.After, StringComparison.Ordinal);
        Assert.Null(events[0].After);
    }

    [Fact]
    public async Task Audit_PagesNewestFirst_AndRejectsAnOversizedPage()
    {
        for (var i = 0; i < 3; i++)
        {
            await CreateTeamAsync();
        }

        var first = await (await Admin.GetAsync("/api/admin/audit?take=2")).ReadAsync<List<AuditEventView>>(HttpStatusCode.OK);
        var next = await (await Admin.GetAsync($"/api/admin/audit?take=2&beforeId={first[^1].Id}")).ReadAsync<List<AuditEventView>>(HttpStatusCode.OK);

        Assert.Equal(2, first.Count);
        Assert.True(first[0].Id > first[1].Id);
        Assert.All(next, e => Assert.True(e.Id < first[^1].Id));
        var problem = await (await Admin.GetAsync("/api/admin/audit?take=100000")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("take"));
    }
}
