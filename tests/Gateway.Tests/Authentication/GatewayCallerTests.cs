using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.Configuration;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Tests.Authentication;

public sealed class GatewayCallerTests
{
    private static readonly Guid TeamId = Guid.Parse("0193b000-0000-7000-8000-00000000000a");
    private static readonly Guid KeyId = Guid.Parse("0193b000-0000-7000-8000-0000000000c1");

    [Fact]
    public void MayUse_NoScopeAnywhere_AllowsEveryAlias()
    {
        Assert.True(Caller(AliasScope.All, AliasScope.All).MayUse("o3"));
        Assert.True(Caller(AliasScope.All, key: null).MayUse("o3"));
    }

    [Fact]
    public void MayUse_KeyWithoutScope_GetsItsTeamsScope()
    {
        var caller = Caller(AliasScope.Of(["gpt-4o"]), AliasScope.All);

        Assert.True(caller.MayUse("gpt-4o"));
        Assert.False(caller.MayUse("o3"));
    }

    [Fact]
    public void MayUse_BothScoped_NeedsBoth()
    {
        var caller = Caller(AliasScope.Of(["gpt-4o", "o3"]), AliasScope.Of(["o3", "gpt-4o-mini"]));

        Assert.True(caller.MayUse("o3"));
        Assert.False(caller.MayUse("gpt-4o"));
        Assert.False(caller.MayUse("gpt-4o-mini"));
    }

    [Fact]
    public void MayUse_EntraAppWithoutKey_GetsItsTeamsScope()
    {
        var caller = Caller(AliasScope.Of(["gpt-4o"]), key: null);

        Assert.True(caller.MayUse("gpt-4o"));
        Assert.False(caller.MayUse("o3"));
    }

    private static GatewayCaller Caller(AliasScope team, AliasScope? key)
    {
        var teamEntry = new TeamEntry(TeamId, "Contoso", true, PriorityClass.Normal, null, team, null);
        return key is null
            ? new GatewayCaller(teamEntry, null, "app-1")
            : new GatewayCaller(teamEntry, new ClientKeyEntry(KeyId, TeamId, "key", "agw_AAAAAAAAAAAA", [], key, null, null), null);
    }
}
