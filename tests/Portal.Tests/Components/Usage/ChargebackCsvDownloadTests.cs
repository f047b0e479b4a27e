using System.Net;
using AiGateway.Portal.Tests.Infrastructure;
using AiGateway.Shared.Model;

namespace AiGateway.Portal.Tests.Components.Usage;

/// <summary>The usage page's CSV download, through the real host: cookie sign-in, team access checked on the server.</summary>
public sealed class ChargebackCsvDownloadTests : PortalTestBase
{
    private const string Member = "mia@contoso.com";
    private static readonly DateTimeOffset Hour = new(2026, 11, 3, 14, 0, 0, TimeSpan.Zero);
    private const string Period = "from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z";

    private async Task<(Guid Mine, Guid Theirs)> TwoTeamsWithUsageAsync()
    {
        var mine = await CreateTeamAsync(new { name = Unique("alpha") });
        var theirs = await CreateTeamAsync(new { name = Unique("beta") });
        (await Admin.PostJsonAsync($"/api/admin/teams/{mine.Id}/members", new { userId = Member, role = "Member" })).EnsureSuccessStatusCode();
        await using var db = Factory.CreateDbContext();
        db.UsageHourlyRollups.AddRange(
            new UsageHourlyRollup { HourStart = Hour, TeamId = mine.Id, AliasName = "mine-alias", Requests = 4, PromptTokens = 40, CompletionTokens = 4, Cost = 0.4m },
            new UsageHourlyRollup { HourStart = Hour, TeamId = theirs.Id, AliasName = "their-alias", Requests = 9, PromptTokens = 90, CompletionTokens = 9, Cost = 0.9m });
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        return (mine.Id, theirs.Id);
    }

    [Fact]
    public async Task Download_MemberAskingForAnotherTeam_IsRefused()
    {
        var (_, theirs) = await TwoTeamsWithUsageAsync();
        using var member = await Factory.CreateSignedInClientAsync(Member, "TeamMember");

        var response = await member.GetAsync($"/portal/usage/chargeback.csv?{Period}&teamId={theirs}", TestContext.Current.CancellationToken);

        var problem = await response.ProblemAsync(HttpStatusCode.Forbidden);
        Assert.Contains("not a member", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_MemberWithoutTeam_GetsOnlyTheirOwnTeamsRows()
    {
        await TwoTeamsWithUsageAsync();
        using var member = await Factory.CreateSignedInClientAsync(Member, "TeamMember");

        var response = await member.GetAsync($"/portal/usage/chargeback.csv?{Period}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("chargeback-2026-11-01-2026-12-01.csv", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var csv = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("mine-alias", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("their-alias", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_MemberForOwnTeam_GetsItsRows()
    {
        var (mine, _) = await TwoTeamsWithUsageAsync();
        using var member = await Factory.CreateSignedInClientAsync(Member, "TeamMember");

        var csv = await member.GetStringAsync($"/portal/usage/chargeback.csv?{Period}&teamId={mine}", TestContext.Current.CancellationToken);

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains($"{mine},", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_Admin_GetsEveryTeam()
    {
        await TwoTeamsWithUsageAsync();
        using var admin = await Factory.CreateSignedInClientAsync("ana@contoso.com", "Admin");

        var csv = await admin.GetStringAsync($"/portal/usage/chargeback.csv?{Period}", TestContext.Current.CancellationToken);

        Assert.Contains("mine-alias", csv, StringComparison.Ordinal);
        Assert.Contains("their-alias", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_NotSignedIn_IsSentToSignIn()
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var anonymous = new HttpClient(handler) { BaseAddress = Admin.BaseAddress };

        var response = await anonymous.GetAsync($"/portal/usage/chargeback.csv?{Period}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location?.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Download_BadTeamId_NamesTheField()
    {
        using var member = await Factory.CreateSignedInClientAsync(Member, "TeamMember");

        var response = await member.GetAsync("/portal/usage/chargeback.csv?teamId=nope", TestContext.Current.CancellationToken);

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.FieldErrors("teamId"));
    }
}
