using System.Text;
using AiGateway.Portal.Components.Pages.Teams;
using AiGateway.Shared.Data;
using AiGateway.Shared.Services.Keys;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Portal.Tests.Components.Teams;

public sealed class TeamKeysTabTests : TeamsTestBase
{
    [Fact]
    public async Task Issue_ShowsTheSecretOnceWithSnippets_TheListNeverShowsIt_AndTheDatabaseHoldsOnlyItsHash()
    {
        await CreateAliasAsync("gpt-4o-mini");
        var team = await CreateTeamAsync("payments", owners: "dev@contoso.com");
        SignInAsMember("dev@contoso.com");
        var page = Render<TeamPage>(p => p.Add(x => x.TeamId, team.Id));

        Click(page, "issue-key");
        Fill(Dialogs, "key-name", "billing-service");
        Click(Dialogs, "issue-key-submit");

        var secret = Dialogs.WaitForElement("[data-testid='key-secret']").TextContent.Trim();
        Assert.StartsWith("agw_", secret, StringComparison.Ordinal);
        var curl = Dialogs.Find("[data-testid='snippet-curl']").TextContent;
        Assert.Contains("http://localhost/v1/chat/completions", curl, StringComparison.Ordinal);
        Assert.Contains($"api-key: {secret}", curl, StringComparison.Ordinal);
        Assert.Contains("\"model\": \"gpt-4o-mini\"", curl, StringComparison.Ordinal);

        Click(Dialogs, "copy-secret");
        Assert.Equal(secret, JSInterop.VerifyInvoke("navigator.clipboard.writeText").Arguments[0]);

        Click(Dialogs, "secret-done");
        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll("[data-testid='key-secret']")));

        var key = Assert.Single(await KeyService.ListAsync(team.Id, Ct));
        Assert.Equal("billing-service", key.Name);
        Assert.True(key.ExpiresAt > DateTimeOffset.UtcNow.AddDays(IssueKeyDialog.DefaultLifetimeDays - 1));
        page.WaitForElement($"[data-testid='key-prefix-{key.Prefix}']");
        Assert.StartsWith(key.Prefix, secret, StringComparison.Ordinal);
        var secretPart = secret[(key.Prefix.Length + 1)..];
        Assert.DoesNotContain(secretPart, page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(secretPart, Dialogs.Markup, StringComparison.Ordinal);

        // Reopening the page shows the key by its prefix only.
        var reopened = Render<TeamPage>(p => p.Add(x => x.TeamId, team.Id));
        reopened.WaitForElement($"[data-testid='key-prefix-{key.Prefix}']");
        Assert.DoesNotContain(secretPart, reopened.Markup, StringComparison.Ordinal);

        await AssertNoColumnHoldsAsync(secretPart);
    }

    [Fact]
    public async Task Issue_WithoutAName_NamesTheFieldAndIssuesNothing()
    {
        var team = await CreateTeamAsync("payments");
        SignInAsAdmin();
        var page = Render<TeamPage>(p => p.Add(x => x.TeamId, team.Id));

        Click(page, "issue-key");
        Click(Dialogs, "issue-key-submit");

        Dialogs.WaitForAssertion(() =>
            Assert.Contains("'name' is required.", Dialogs.Find("[data-testid='key-name']").Closest(".mud-input-control")!.TextContent, StringComparison.Ordinal));
        Assert.Empty(await KeyService.ListAsync(team.Id, Ct));
        Assert.Empty(Dialogs.FindAll("[data-testid='key-secret']"));
    }

    [Fact]
    public async Task Issue_BeyondTheTeamsMaxLifetime_ShowsTheLimitUnderTheExpiryField()
    {
        var team = await CreateTeamAsync("payments", maxKeyLifetimeDays: 30, owners: "dev@contoso.com");
        SignInAsMember("dev@contoso.com");
        var page = Render<TeamPage>(p => p.Add(x => x.TeamId, team.Id));

        Click(page, "issue-key");
        Assert.Equal("30", Dialogs.Find("[data-testid='key-expiry-days']").GetAttribute("value"));
        Fill(Dialogs, "key-name", "too-long");
        Fill(Dialogs, "key-expiry-days", "45");
        Click(Dialogs, "issue-key-submit");

        Dialogs.WaitForAssertion(() =>
            Assert.Contains("must expire within 30 days", Dialogs.Find("[data-testid='key-expiry-days']").Closest(".mud-input-control")!.TextContent, StringComparison.Ordinal));
        Assert.Empty(await KeyService.ListAsync(team.Id, Ct));
    }

    [Fact]
    public async Task Issue_AtTheTeamsMaxKeys_ShowsTheRefusal()
    {
        var team = await CreateTeamAsync("payments", maxKeys: 1, owners: "dev@contoso.com");
        await IssueKeyAsync(team.Id, "first");
        SignInAsMember("dev@contoso.com");
        var page = Render<TeamPage>(p => p.Add(x => x.TeamId, team.Id));

        Click(page, "issue-key");
        Fill(Dialogs, "key-name", "second");
        Click(Dialogs, "issue-key-submit");

        Dialogs.WaitForAssertion(() => Assert.Contains("its maximum", Dialogs.Find("[data-testid='issue-key-error']").TextContent, StringComparison.Ordinal));
        Assert.Single(await KeyService.ListAsync(team.Id, Ct));
    }

    [Fact]
    public async Task Rotate_ShowsTheNewSecretOnce_AndTheOldKeyEndsAfterTheOverlap()
    {
        var team = await CreateTeamAsync("payments", owners: "dev@contoso.com");
        var old = await IssueKeyAsync(team.Id, "ci");
        SignInAsMember("dev@contoso.com");
        var page = Render<TeamPage>(p => p.Add(x => x.TeamId, team.Id));

        Click(page, $"rotate-key-{old.Key.Prefix}");
        Assert.Equal("24", Dialogs.Find("[data-testid='rotate-overlap']").GetAttribute("value"));
        Fill(Dialogs, "rotate-overlap", "2");
        Click(Dialogs, "rotate-key-submit");

        var secret = Dialogs.WaitForElement("[data-testid='key-secret']").TextContent.Trim();
        Assert.NotEqual(old.Secret, secret);
        Click(Dialogs, "secret-done");

        var keys = await KeyService.ListAsync(team.Id, Ct);
        Assert.Equal(2, keys.Count);
        var replacement = Assert.Single(keys, k => k.RotatedFromKeyId == old.Key.Id);
        Assert.StartsWith(replacement.Prefix, secret, StringComparison.Ordinal);
        var previous = Assert.Single(keys, k => k.Id == old.Key.Id);
        Assert.InRange(previous.ExpiresAt!.Value, DateTimeOffset.UtcNow.AddMinutes(115), DateTimeOffset.UtcNow.AddMinutes(121));
        page.WaitForElement($"[data-testid='key-prefix-{replacement.Prefix}']");
        Assert.DoesNotContain(secret[(replacement.Prefix.Length + 1)..], page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void RotateKeyDialog_ConvertsHoursToMinutes() =>
        Assert.Equal((90, 30), (RotateKeyDialog.ToMinutes(90, RotateKeyDialog.OverlapUnit.Minutes), RotateKeyDialog.ToMinutes(1, RotateKeyDialog.OverlapUnit.Hours) / 2));

    [Fact]
    public async Task Revoke_AsksForConfirmation_CancelKeepsTheKey_ConfirmRevokesIt()
    {
        var team = await CreateTeamAsync("payments", owners: "dev@contoso.com");
        var key = await IssueKeyAsync(team.Id, "ci");
        SignInAsMember("dev@contoso.com");
        var page = Render<TeamPage>(p => p.Add(x => x.TeamId, team.Id));

        Click(page, $"revoke-key-{key.Key.Prefix}");
        Dialogs.WaitForAssertion(() => Assert.Contains(key.Key.Prefix, Dialogs.Find("[data-testid='confirm-message']").TextContent, StringComparison.Ordinal));
        AnswerConfirmation(confirm: false);
        Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll("[data-testid='confirm-message']")));
        Assert.Equal(ApiKeyStatus.Active, (await KeyService.GetAsync(key.Key.Id, Ct)).Status);

        Click(page, $"revoke-key-{key.Key.Prefix}");
        AnswerConfirmation(confirm: true);

        page.WaitForAssertion(() => Assert.Equal("Revoked", page.Find($"[data-testid='key-status-{key.Key.Prefix}']").TextContent.Trim()));
        Assert.Equal(ApiKeyStatus.Revoked, (await KeyService.GetAsync(key.Key.Id, Ct)).Status);
        Assert.Empty(page.FindAll($"[data-testid='revoke-key-{key.Key.Prefix}']"));
        Assert.Empty(page.FindAll($"[data-testid='rotate-key-{key.Key.Prefix}']"));
    }

    /// <summary>Reads every column of every table: a secret must not be stored anywhere, in any table or the audit log.</summary>
    private async Task AssertNoColumnHoldsAsync(string secret)
    {
        await using var db = await Data.GetRequiredService<IDbContextFactory<PortalDbContext>>().CreateDbContextAsync(Ct);
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(Ct);
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table'";
            await using var reader = await list.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                tables.Add(reader.GetString(0));
            }
        }

        Assert.Contains("ApiKeys", tables);
        var secretBytes = Encoding.UTF8.GetBytes(secret);
        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync(Ct);
            while (await reader.ReadAsync(Ct))
            {
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    var value = reader.GetValue(i);
                    var found = value switch
                    {
                        string text => text.Contains(secret, StringComparison.Ordinal),
                        byte[] bytes => bytes.AsSpan().IndexOf(secretBytes) >= 0,
                        _ => false,
                    };
                    Assert.False(found, $"{table}.{reader.GetName(i)} holds the key's secret.");
                }
            }
        }
    }

    [Fact]
    public async Task Issue_KeyStored_ReloadsThisReplicaAfterTheCommit_AndSaysWhenTheOtherReplicasFollow()
    {
        var team = await CreateTeamAsync("payments", owners: "dev@contoso.com");
        Reloader.Observe = async () => (await KeyService.ListAsync(team.Id, Ct)).Count;
        SignInAsMember("dev@contoso.com");
        var page = Render<TeamPage>(p => p.Add(x => x.TeamId, team.Id));

        Click(page, "issue-key");
        Fill(Dialogs, "key-name", "billing-service");
        Click(Dialogs, "issue-key-submit");

        var note = Dialogs.WaitForElement("[data-testid='key-propagation']").TextContent;
        Assert.Equal([1], Reloader.Observations);
        Assert.Contains("at once on this server", note, StringComparison.Ordinal);
        Assert.Contains("within 2 seconds", note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Issue_Refused_DoesNotReload()
    {
        var team = await CreateTeamAsync("payments");
        SignInAsAdmin();
        var page = Render<TeamPage>(p => p.Add(x => x.TeamId, team.Id));

        Click(page, "issue-key");
        Click(Dialogs, "issue-key-submit");

        Dialogs.WaitForAssertion(() =>
            Assert.Contains("'name' is required.", Dialogs.Find("[data-testid='key-name']").Closest(".mud-input-control")!.TextContent, StringComparison.Ordinal));
        Assert.Equal(0, Reloader.Reloads);
    }
}
