using System.Net;
using System.Net.Http.Json;
using AiGateway.Integration.Infrastructure;

namespace AiGateway.Integration.Gateway;

/// <summary>
/// <c>GET /v1/models</c> (and its <c>/openai/v1</c> and Azure <c>/openai/models</c> twins) lists the aliases the
/// caller may use, authenticated as every gateway call is, and never reaches a backend.
/// </summary>
public sealed class ModelListTests : GatewayTestBase
{
    [Theory]
    [InlineData("/v1/models")]
    [InlineData("/openai/v1/models")]
    public async Task ListModels_ValidKey_ListsEveryAliasInTheOpenAIShape(string path)
    {
        var before = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeSeconds();

        using var response = await Client.GetAsync(path, Ct);

        var list = await ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("list", list.GetProperty("object").GetString());
        var models = list.GetProperty("data").EnumerateArray().ToList();
        Assert.Equal([ChatAlias, EmbeddingsAlias], models.Select(m => m.GetProperty("id").GetString()));
        foreach (var model in models)
        {
            Assert.Equal("model", model.GetProperty("object").GetString());
            Assert.Equal("system", model.GetProperty("owned_by").GetString());
            Assert.InRange(model.GetProperty("created").GetInt64(), before, DateTimeOffset.UtcNow.AddMinutes(10).ToUnixTimeSeconds());
        }

        Assert.Matches("^[0-9a-f]{32}$", Header(response, "x-request-id"));
        Assert.Equal(0, await Simulator.TotalRequestsAsync());
    }

    [Fact]
    public async Task ListModels_NoCredential_Is401WithTheBodyEveryGatewayCallGets()
    {
        using var anonymous = Gateway.CreateClient();

        using var models = await anonymous.GetAsync("/v1/models", Ct);
        using var chat = await ChatAsync(anonymous);

        await ErrorAsync(models, HttpStatusCode.Unauthorized);
        Assert.Equal(await chat.Content.ReadAsStringAsync(Ct), await models.Content.ReadAsStringAsync(Ct));
        Assert.Matches("^[0-9a-f]{32}$", Header(models, "x-request-id"));
    }

    [Theory]
    [InlineData("not-a-gateway-key")]
    [InlineData("agw_AAAAAAAAAAAA_0123456789abcdefghijABCDEFGHIJ0123456789")]
    public async Task ListModels_InvalidKey_Is401WithTheBodyEveryGatewayCallGets(string key)
    {
        using var client = Gateway.CreateGatewayClient(key);

        using var models = await client.GetAsync("/v1/models", Ct);
        using var chat = await ChatAsync(client);

        Assert.Equal("invalid_api_key", (await ErrorAsync(models, HttpStatusCode.Unauthorized)).GetProperty("code").GetString());
        Assert.Equal(await chat.Content.ReadAsStringAsync(Ct), await models.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task ListModels_KeyScopedToOneAlias_ListsOnlyThatAlias()
    {
        using var client = await ScopedClientAsync(EmbeddingsAlias);

        using var response = await client.GetAsync("/v1/models", Ct);

        var list = await ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(EmbeddingsAlias, Assert.Single(list.GetProperty("data").EnumerateArray()).GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("/v1/models/" + ChatAlias)]
    [InlineData("/openai/v1/models/" + ChatAlias)]
    public async Task GetModel_AliasTheKeyMayUse_ReturnsIt(string path)
    {
        using var response = await Client.GetAsync(path, Ct);

        var model = await ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal(ChatAlias, model.GetProperty("id").GetString());
        Assert.Equal("model", model.GetProperty("object").GetString());
        Assert.Equal("system", model.GetProperty("owned_by").GetString());
    }

    [Fact]
    public async Task GetModel_UnknownOrOutsideTheKeysScope_Is404ModelNotFoundAlike()
    {
        using var client = await ScopedClientAsync(EmbeddingsAlias);

        using var unknown = await client.GetAsync("/v1/models/gpt-5-nonexistent", Ct);
        using var outside = await client.GetAsync("/v1/models/" + ChatAlias, Ct);

        var unknownError = await ErrorAsync(unknown, HttpStatusCode.NotFound);
        var outsideError = await ErrorAsync(outside, HttpStatusCode.NotFound);
        Assert.Equal("model_not_found", unknownError.GetProperty("code").GetString());
        Assert.Equal("model_not_found", outsideError.GetProperty("code").GetString());
        Assert.Equal("model", outsideError.GetProperty("param").GetString());
        // A key learns nothing about aliases it may not use: the answer is the unknown model's, name aside.
        Assert.Equal(
            unknownError.GetProperty("message").GetString()!.Replace("gpt-5-nonexistent", "X", StringComparison.Ordinal),
            outsideError.GetProperty("message").GetString()!.Replace(ChatAlias, "X", StringComparison.Ordinal));
    }

    [Fact]
    public async Task GetModel_NoCredential_Is401()
    {
        using var anonymous = Gateway.CreateClient();

        using var response = await anonymous.GetAsync("/v1/models/" + ChatAlias, Ct);

        await ErrorAsync(response, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task ListModels_AzureShape_ListsTheAliasesAsAzureDoes()
    {
        using var response = await Client.GetAsync("/openai/models?api-version=2024-10-21", Ct);

        var list = await ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("list", list.GetProperty("object").GetString());
        var chat = list.GetProperty("data").EnumerateArray().First();
        Assert.Equal(ChatAlias, chat.GetProperty("id").GetString());
        Assert.Equal("model", chat.GetProperty("object").GetString());
        Assert.Equal("succeeded", chat.GetProperty("status").GetString());
        Assert.True(chat.GetProperty("created_at").GetInt64() > 0);
        Assert.False(chat.TryGetProperty("owned_by", out _));
    }

    [Fact]
    public async Task ModelsPath_AnotherMethod_Is405AllowingGet()
    {
        using var response = await Client.PostAsJsonAsync("/v1/models", new { model = ChatAlias }, Ct);

        var error = await ErrorAsync(response, HttpStatusCode.MethodNotAllowed);
        Assert.Equal("method_not_allowed", error.GetProperty("code").GetString());
        Assert.Equal("GET", string.Join(",", response.Content.Headers.Allow));
    }

    private async Task<HttpClient> ScopedClientAsync(string alias)
    {
        var (_, key) = await IssueKeyAsync(TeamId, new { name = "scoped", allowedAliases = new[] { alias } });
        await Gateway.ReloadAsync();
        return Gateway.CreateGatewayClient(key);
    }
}
