using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Models;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Gateway.Tests.Context;

namespace AiGateway.Gateway.Tests.Models;

public sealed class ModelCatalogTests
{
    private static readonly AliasTargetEntry Target = TestTargets.Target(TestTargets.Backend());

    private readonly AliasEntry _chat = Alias("chat");
    private readonly AliasEntry _embeddings = Alias("embeddings");
    private readonly AliasEntry _reasoning = Alias("reasoning");
    private readonly AliasEntry _orphan = new(Guid.NewGuid(), "orphan", []);

    [Fact]
    public void Visible_UnrestrictedCaller_ListsEveryAliasWithADeploymentByName()
    {
        var team = GatewayRequests.Team();

        var visible = ModelCatalog.Visible(Snapshot(), new GatewayCaller(team, GatewayRequests.Key(team), null));

        Assert.Equal(["chat", "embeddings", "reasoning"], visible.Select(a => a.Name));
    }

    [Fact]
    public void Visible_KeyAndTeamScopes_ListsOnlyWhatBothAllow()
    {
        var team = GatewayRequests.Team(allowedAliases: GatewayRequests.Aliases("chat", "embeddings"));
        var key = GatewayRequests.Key(team, allowedAliases: GatewayRequests.Aliases("embeddings", "reasoning"));

        var visible = ModelCatalog.Visible(Snapshot(), new GatewayCaller(team, key, null));

        Assert.Equal(["embeddings"], visible.Select(a => a.Name));
    }

    [Fact]
    public void Find_AliasOutsideTheScopeOrWithoutDeployment_IsNull()
    {
        var team = GatewayRequests.Team(allowedAliases: GatewayRequests.Aliases("chat", "orphan"));
        var caller = new GatewayCaller(team, null, "app-id");

        Assert.Same(_chat, ModelCatalog.Find(Snapshot(), caller, "chat"));
        Assert.Null(ModelCatalog.Find(Snapshot(), caller, "embeddings"));
        Assert.Null(ModelCatalog.Find(Snapshot(), caller, "orphan"));
        Assert.Null(ModelCatalog.Find(Snapshot(), caller, "nonexistent"));
    }

    private GatewaySnapshot Snapshot() => GatewayRequests.Snapshot(aliases: [_reasoning, _orphan, _chat, _embeddings]);

    private static AliasEntry Alias(string name) => new(Guid.NewGuid(), name, [Target]);
}
