using AiGateway.Gateway.Aliases;
using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Tests.Backends;
using AiGateway.Gateway.Tests.Context;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Gateway.Tests.Aliases;

public sealed class AliasResolutionMiddlewareTests
{
    private readonly AliasEntry _gpt4o = TestTargets.Alias(TestTargets.Target(TestTargets.Backend()));
    private readonly AliasEntry _mini = TestTargets.Alias(TestTargets.Target(TestTargets.Backend(), deploymentName: "gpt-4o-mini")) with { Name = "gpt-4o-mini" };
    private readonly TeamEntry _team = GatewayRequests.Team();

    [Theory]
    [InlineData(GatewaySurface.OpenAIV1)]
    [InlineData(GatewaySurface.AzureV1)]
    public async Task InvokeAsync_V1ModelOfAnAlias_ResolvesItAndCallsNext(GatewaySurface surface)
    {
        var http = Request(surface, """{"model":"gpt-4o-mini","messages":[]}""");
        var next = new NextStep();

        await new AliasResolutionMiddleware(next.InvokeAsync).InvokeAsync(http);

        Assert.True(next.Called);
        Assert.Same(_mini, http.Gateway().Alias);
    }

    [Fact]
    public async Task InvokeAsync_AzureClassic_TakesTheAliasFromThePathNotTheBody()
    {
        var http = Request(GatewaySurface.AzureClassic, """{"model":"gpt-4o-mini","messages":[]}""", pathAlias: "gpt-4o");
        var next = new NextStep();

        await new AliasResolutionMiddleware(next.InvokeAsync).InvokeAsync(http);

        Assert.True(next.Called);
        Assert.Same(_gpt4o, http.Gateway().Alias);
    }

    [Theory]
    [InlineData("""{"messages":[]}""")]
    [InlineData("""{"model":null,"messages":[]}""")]
    [InlineData("""{"model":"","messages":[]}""")]
    public async Task InvokeAsync_V1WithoutModel_Answers400MissingModel(string body)
    {
        var http = Request(GatewaySurface.OpenAIV1, body);
        var next = new NextStep();

        await new AliasResolutionMiddleware(next.InvokeAsync).InvokeAsync(http);

        Assert.False(next.Called);
        Assert.Equal(StatusCodes.Status400BadRequest, http.Response.StatusCode);
        var error = http.Response.Error();
        Assert.Equal("missing_required_parameter", error.GetProperty("code").GetString());
        Assert.Equal("model", error.GetProperty("param").GetString());
        Assert.False(http.Gateway().HasAlias);
    }

    [Theory]
    [InlineData(GatewaySurface.AzureClassic, "DeploymentNotFound")]
    [InlineData(GatewaySurface.AzureV1, "model_not_found")]
    [InlineData(GatewaySurface.OpenAIV1, "model_not_found")]
    public async Task InvokeAsync_UnknownAlias_Answers404InTheShapesOwnCode(GatewaySurface surface, string code)
    {
        var http = Request(surface, """{"model":"GPT-4o","messages":[]}""", pathAlias: "GPT-4o");
        var next = new NextStep();

        await new AliasResolutionMiddleware(next.InvokeAsync).InvokeAsync(http);

        Assert.False(next.Called);
        Assert.Equal(StatusCodes.Status404NotFound, http.Response.StatusCode);
        var error = http.Response.Error();
        Assert.Equal(code, error.GetProperty("code").GetString());
        Assert.Contains("'GPT-4o'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_AliasOutsideTheKeysAllowedAliases_Answers403ModelNotAllowed()
    {
        var key = GatewayRequests.Key(_team, allowedAliases: GatewayRequests.Aliases("gpt-4o"));
        var http = Request(GatewaySurface.OpenAIV1, """{"model":"gpt-4o-mini","messages":[]}""", key: key);
        var next = new NextStep();

        await new AliasResolutionMiddleware(next.InvokeAsync).InvokeAsync(http);

        Assert.False(next.Called);
        Assert.Equal(StatusCodes.Status403Forbidden, http.Response.StatusCode);
        Assert.Equal("model_not_allowed", http.Response.ErrorCode());
        Assert.False(http.Gateway().HasAlias);
    }

    [Fact]
    public async Task InvokeAsync_AliasTheKeyAllowsButTheTeamDoesNot_Answers403ModelNotAllowed()
    {
        var team = _team with { AllowedAliases = GatewayRequests.Aliases("gpt-4o") };
        var key = GatewayRequests.Key(team, allowedAliases: GatewayRequests.Aliases("gpt-4o", "gpt-4o-mini"));
        var http = Request(GatewaySurface.OpenAIV1, """{"model":"gpt-4o-mini","messages":[]}""", key: key, team: team);
        var next = new NextStep();

        await new AliasResolutionMiddleware(next.InvokeAsync).InvokeAsync(http);

        Assert.False(next.Called);
        Assert.Equal(StatusCodes.Status403Forbidden, http.Response.StatusCode);
        Assert.Equal("model_not_allowed", http.Response.ErrorCode());
    }

    [Fact]
    public async Task InvokeAsync_AliasBothKeyAndTeamAllow_ResolvesIt()
    {
        var team = _team with { AllowedAliases = GatewayRequests.Aliases("gpt-4o", "gpt-4o-mini") };
        var key = GatewayRequests.Key(team, allowedAliases: GatewayRequests.Aliases("gpt-4o-mini"));
        var http = Request(GatewaySurface.OpenAIV1, """{"model":"gpt-4o-mini","messages":[]}""", key: key, team: team);
        var next = new NextStep();

        await new AliasResolutionMiddleware(next.InvokeAsync).InvokeAsync(http);

        Assert.True(next.Called);
        Assert.Same(_mini, http.Gateway().Alias);
    }

    private DefaultHttpContext Request(GatewaySurface surface, string body, string? pathAlias = null, ClientKeyEntry? key = null, TeamEntry? team = null)
    {
        team ??= _team;
        var gateway = GatewayRequests.Arrived(GatewayRequests.Snapshot([team], key is null ? [] : [key], [_gpt4o, _mini]), surface);
        gateway.Authenticated(new GatewayCaller(team, key, null));
        gateway.BodyRead(GatewayRequests.Body(body));
        var http = GatewayRequests.Http(gateway);
        if (pathAlias is not null)
        {
            http.Request.RouteValues["alias"] = pathAlias;
        }

        return http;
    }
}
