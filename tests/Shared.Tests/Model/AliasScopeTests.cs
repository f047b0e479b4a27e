using AiGateway.Shared.Model;

namespace AiGateway.Shared.Tests.Model;

public sealed class AliasScopeTests
{
    [Fact]
    public void Of_EmptyList_AllowsEveryAlias()
    {
        var scope = AliasScope.Of([]);

        Assert.True(scope.IsUnrestricted);
        Assert.True(scope.Allows("gpt-4o"));
        Assert.True(scope.Allows("anything-at-all"));
    }

    [Fact]
    public void Of_List_AllowsOnlyItsAliases()
    {
        var scope = AliasScope.Of(["gpt-4o", "gpt-4o-mini"]);

        Assert.False(scope.IsUnrestricted);
        Assert.True(scope.Allows("gpt-4o"));
        Assert.True(scope.Allows("gpt-4o-mini"));
        Assert.False(scope.Allows("o3"));
    }

    [Fact]
    public void Allows_ComparesNamesExactly()
    {
        var scope = AliasScope.Of(["gpt-4o"]);

        Assert.False(scope.Allows("GPT-4o"));
        Assert.False(scope.Allows("gpt-4o "));
    }

    [Fact]
    public void All_AllowsEveryAlias()
    {
        Assert.True(AliasScope.All.IsUnrestricted);
        Assert.True(AliasScope.All.Allows("gpt-4o"));
    }
}
