using System.Net;
using AiGateway.Portal.Tests.Infrastructure;
using AiGateway.Shared.Security;
using AiGateway.Shared.Services.Keys;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace AiGateway.Portal.Tests.Api;

public sealed class KeysApiTests : PortalTestBase
{
    [Fact]
    public async Task Issue_ReturnsSecretOnce_StoresOnlyItsKeyedHash()
    {
        var team = await CreateTeamAsync();

        var response = await Admin.PostJsonAsync($"/api/admin/teams/{team.Id}/keys", new { name = "checkout" });

        var issued = await response.ReadAsync<IssuedApiKey>(HttpStatusCode.Created);
        Assert.Equal("no-store", response.Headers.CacheControl?.ToString());
        Assert.True(ApiKeyFormat.TryGetPrefix(issued.Secret, out var prefix));
        Assert.Equal(prefix, issued.Key.Prefix);
        Assert.Equal(ApiKeyStatus.Active, issued.Key.Status);

        // Never returned again: not by the list, not by a get, not in the audit log.
        var list = await (await Admin.GetAsync($"/api/admin/teams/{team.Id}/keys")).Content.ReadAsStringAsync();
        var get = await (await Admin.GetAsync($"/api/admin/keys/{issued.Key.Id}")).Content.ReadAsStringAsync();
        var audit = await (await Admin.GetAsync($"/api/admin/audit?entityId={issued.Key.Id}")).Content.ReadAsStringAsync();
        Assert.Contains(prefix, list, StringComparison.Ordinal);
        Assert.DoesNotContain(issued.Secret, list + get + audit, StringComparison.Ordinal);
        Assert.DoesNotContain(issued.Secret[ApiKeyFormat.PrefixLength..], list + get + audit, StringComparison.Ordinal);

        await using var db = Factory.CreateDbContext();
        var stored = await db.ApiKeys.SingleAsync(k => k.Id == issued.Key.Id);
        var hasher = Factory.Services.GetRequiredService<ApiKeyHasher>();
        Assert.True(hasher.Verify(issued.Secret, stored.SecretHash));
        Assert.Equal(ApiKeyHasher.HashLength, stored.SecretHash.Length);
    }

    [Fact]
    public async Task Rotate_IssuesNewSecret_OldKeyExpiresAfterOverlap()
    {
        var team = await CreateTeamAsync();
        var first = await (await Admin.PostJsonAsync($"/api/admin/teams/{team.Id}/keys", new { name = "svc" })).ReadAsync<IssuedApiKey>(HttpStatusCode.Created);

        var rotated = await (await Admin.PostJsonAsync($"/api/admin/keys/{first.Key.Id}/rotate", new { overlapMinutes = 60 }))
            .ReadAsync<IssuedApiKey>(HttpStatusCode.Created);

        Assert.NotEqual(first.Secret, rotated.Secret);
        Assert.Equal(first.Key.Id, rotated.Key.RotatedFromKeyId);
        var old = await (await Admin.GetAsync($"/api/admin/keys/{first.Key.Id}")).ReadAsync<ApiKeyView>(HttpStatusCode.OK);
        Assert.NotNull(old.ExpiresAt);
        Assert.InRange(old.ExpiresAt.Value - rotated.Key.CreatedAt, TimeSpan.FromMinutes(59), TimeSpan.FromMinutes(61));
        Assert.Equal(ApiKeyStatus.Active, old.Status);
    }

    [Fact]
    public async Task Revoke_MarksRevoked_AndRotateOfRevokedKeyIs409()
    {
        var team = await CreateTeamAsync();
        var issued = await (await Admin.PostJsonAsync($"/api/admin/teams/{team.Id}/keys", new { name = "svc" })).ReadAsync<IssuedApiKey>(HttpStatusCode.Created);

        var revoked = await (await Admin.PostAsync($"/api/admin/keys/{issued.Key.Id}/revoke", null)).ReadAsync<ApiKeyView>(HttpStatusCode.OK);

        Assert.Equal(ApiKeyStatus.Revoked, revoked.Status);
        await (await Admin.PostJsonAsync($"/api/admin/keys/{issued.Key.Id}/rotate", new { })).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Issue_UnknownAliasAndPastExpiry_Is400NamingBothFields()
    {
        var team = await CreateTeamAsync();

        var problem = await (await Admin.PostJsonAsync($"/api/admin/teams/{team.Id}/keys", new
        {
            name = "svc",
            allowedAliases = new[] { "no-such-alias" },
            expiresAt = DateTimeOffset.UtcNow.AddDays(-1),
        })).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(problem.FieldErrors("allowedAliases"), m => m.Contains("no-such-alias", StringComparison.Ordinal));
        Assert.NotEmpty(problem.FieldErrors("expiresAt"));
    }

    [Fact]
    public async Task Issue_BeyondTheTeamsMaxKeys_Is409()
    {
        var team = await CreateTeamAsync(new { name = Unique("team"), maxKeys = 1 });
        await (await Admin.PostJsonAsync($"/api/admin/teams/{team.Id}/keys", new { name = "one" })).ReadAsync<IssuedApiKey>(HttpStatusCode.Created);

        await (await Admin.PostJsonAsync($"/api/admin/teams/{team.Id}/keys", new { name = "two" })).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task Issue_ForUnknownTeam_Is404()
    {
        await (await Admin.PostJsonAsync($"/api/admin/teams/{Guid.NewGuid()}/keys", new { name = "svc" })).ProblemAsync(HttpStatusCode.NotFound);
    }
}
