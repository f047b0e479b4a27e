using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Tests.Model;

public sealed class ApiKeyTests
{
    private static readonly DateTimeOffset Now = SampleData.Now;

    // When the key was revoked and when it expires, in minutes from Now (null for never), and whether it is active at Now.
    private static readonly (int? Revoked, int? Expires, bool Active)[] Rows =
    [
        (null, null, true),
        (null, 1, true),
        (null, 0, false),
        (null, -1, false),
        (-5, null, false),
        (-5, 60, false),
        (5, null, false),
    ];

    public static TheoryData<int?, int?, bool> Cases => new(Rows);

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsActiveAt_RevokedOrExpired_IsFalse(int? revokedMinutes, int? expiresMinutes, bool active)
    {
        Assert.Equal(active, Key(revokedMinutes, expiresMinutes).IsActiveAt(Now));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ActiveAt_AsCompiledPredicate_AgreesWithIsActiveAt(int? revokedMinutes, int? expiresMinutes, bool active)
    {
        var predicate = ApiKey.ActiveAt(Now).Compile();

        Assert.Equal(active, predicate(Key(revokedMinutes, expiresMinutes)));
    }

    [Fact]
    public void HasExpired_AtTheInstantOfExpiry_IsTrue_AndWithoutExpiryNever()
    {
        Assert.False(ApiKey.HasExpired(Now.AddTicks(1), Now));
        Assert.True(ApiKey.HasExpired(Now, Now));
        Assert.True(ApiKey.HasExpired(Now.AddTicks(-1), Now));
        Assert.False(ApiKey.HasExpired(null, DateTimeOffset.MaxValue));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ActiveAt_InADatabaseQuery_CountsTheKeysIsActiveAtCalls(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var team = SampleData.Team();
        var keys = Rows.Select((row, i) => Key(row.Revoked, row.Expires, team, $"agw_{i:D12}")).ToList();
        await using (var db = database.CreateDbContext())
        {
            db.Teams.Add(team);
            db.ApiKeys.AddRange(keys);
            await db.SaveConfigurationChangesAsync("tester", TestContext.Current.CancellationToken);
        }

        await using (var db = database.CreateDbContext())
        {
            var counted = await db.ApiKeys.CountAsync(ApiKey.ActiveAt(Now), TestContext.Current.CancellationToken);

            Assert.Equal(keys.Count(k => k.IsActiveAt(Now)), counted);
        }
    }

    private static ApiKey Key(int? revokedMinutes, int? expiresMinutes, Team? team = null, string prefix = "agw_AAAAAAAAAAAA")
    {
        var key = SampleData.Key(team ?? SampleData.Team(), prefix);
        key.RevokedAt = revokedMinutes is { } revoked ? Now.AddMinutes(revoked) : null;
        key.ExpiresAt = expiresMinutes is { } expires ? Now.AddMinutes(expires) : null;
        return key;
    }
}
