using AiGateway.Portal.Components.Pages.Teams;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Keys;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Portal.Tests.Components.Teams;

/// <summary>
/// A team member serves themselves only within what the admin allowed: which aliases, how many keys, how long a key
/// lives. The key service enforces these (for the management API too); these tests hold the portal's path to them.
/// </summary>
public sealed class SelfServiceLimitsTests : TeamsTestBase
{
    [Fact]
    public async Task AliasesForTeam_OffersOnlyTheTeamsAllowedAliases()
    {
        await CreateAliasAsync("gpt-4o");
        await CreateAliasAsync("gpt-4o-mini");
        var team = await CreateTeamAsync("payments", aliases: ["gpt-4o-mini"], owners: "dev@contoso.com");
        SignInAsMember("dev@contoso.com");

        var offered = await Services.GetRequiredService<TeamWorkspace>().AliasesForTeamAsync(team.Id, Ct);

        Assert.Equal(["gpt-4o-mini"], offered);
    }

    [Fact]
    public async Task IssueKey_ForAnAliasTheTeamMayNotUse_IsRefusedNamingTheField()
    {
        await CreateAliasAsync("gpt-4o");
        await CreateAliasAsync("gpt-4o-mini");
        var team = await CreateTeamAsync("payments", aliases: ["gpt-4o-mini"], owners: "dev@contoso.com");
        SignInAsMember("dev@contoso.com");
        var workspace = Services.GetRequiredService<TeamWorkspace>();

        var refused = await Assert.ThrowsAsync<RequestValidationException>(() => workspace.IssueKeyAsync(
            team.Id, new ApiKeyInput { Name = "sneaky", AllowedAliases = ["gpt-4o"], ExpiresAt = DateTimeOffset.UtcNow.AddDays(1) }, Ct));

        Assert.Contains("may not use alias 'gpt-4o'", Assert.Single(refused.Errors["allowedAliases"]), StringComparison.Ordinal);
        Assert.Empty(await KeyService.ListAsync(team.Id, Ct));
    }

    [Fact]
    public async Task IssueKey_WithoutExpiryOrBeyondTheMaxLifetime_IsRefused()
    {
        var team = await CreateTeamAsync("payments", maxKeyLifetimeDays: 7, owners: "dev@contoso.com");
        SignInAsMember("dev@contoso.com");
        var workspace = Services.GetRequiredService<TeamWorkspace>();

        var forever = await Assert.ThrowsAsync<RequestValidationException>(() => workspace.IssueKeyAsync(team.Id, new ApiKeyInput { Name = "forever" }, Ct));
        var tooLong = await Assert.ThrowsAsync<RequestValidationException>(() => workspace.IssueKeyAsync(
            team.Id, new ApiKeyInput { Name = "long", ExpiresAt = DateTimeOffset.UtcNow.AddDays(8) }, Ct));

        Assert.True(forever.Errors.ContainsKey("expiresAt"));
        Assert.True(tooLong.Errors.ContainsKey("expiresAt"));
        var ok = await workspace.IssueKeyAsync(team.Id, new ApiKeyInput { Name = "ok", ExpiresAt = DateTimeOffset.UtcNow.AddDays(6) }, Ct);
        Assert.Equal("ok", ok.Key.Name);
    }

    [Fact]
    public async Task IssueKey_BeyondMaxKeys_IsRefused()
    {
        var team = await CreateTeamAsync("payments", maxKeys: 1, owners: "dev@contoso.com");
        SignInAsMember("dev@contoso.com");
        var workspace = Services.GetRequiredService<TeamWorkspace>();
        await workspace.IssueKeyAsync(team.Id, new ApiKeyInput { Name = "first" }, Ct);

        await Assert.ThrowsAsync<EntityConflictException>(() => workspace.IssueKeyAsync(team.Id, new ApiKeyInput { Name = "second" }, Ct));

        Assert.Single(await KeyService.ListAsync(team.Id, Ct));
    }
}
