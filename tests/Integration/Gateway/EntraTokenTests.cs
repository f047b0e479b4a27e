using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using AiGateway.Gateway.Authentication;
using AiGateway.Integration.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Identity.Web;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace AiGateway.Integration.Gateway;

/// <summary>
/// Applications call the gateway with a Microsoft Entra ID access token instead of a key: the token's app id
/// (<c>azp</c> in v2 tokens, <c>appid</c> in v1) names the team. Tokens here are signed by a key made in the test,
/// and the gateway's Entra scheme is given that key as static metadata, so nothing contacts login.microsoftonline.com.
/// </summary>
public sealed class EntraTokenTests : GatewayTestBase
{
    private const string GatewayApiAppId = "6f1c3a52-4b7e-4d0a-9c2e-0b8d5f7a1e33";
    private const string CallerAppId = "2b9e7c41-8d3f-4a6b-b1e0-5c7d9f2a4e86";
    private const string EmbeddingsOnlyAppId = "9d4a1f7c-3e2b-4c8d-a6f5-1b0e7c3d2a94";
    private const string UnmappedAppId = "c0e5b8a3-7f1d-4e9c-8b2a-6d3f0a9e1c57";

    private static readonly object HiChat = new
    {
        model = ChatAlias,
        messages = new[] { new { role = "user", content = "hi" } },
        max_tokens = 3,
    };

    private readonly LocalEntraIssuer _issuer;

    public EntraTokenTests()
        : this(new LocalEntraIssuer())
    {
    }

    private EntraTokenTests(LocalEntraIssuer issuer)
        : base(issuer.Settings, issuer.ConfigureGateway) => _issuer = issuer;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await CreateAsync("/api/admin/teams", new { name = "Contoso Agents", entraAppIds = new[] { CallerAppId } });
        await CreateAsync("/api/admin/teams", new
        {
            name = "Contoso Indexer",
            allowedAliases = new[] { EmbeddingsAlias },
            entraAppIds = new[] { EmbeddingsOnlyAppId },
        });
        await Gateway.ReloadAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        _issuer.Dispose();
    }

    [Fact]
    public async Task ChatCompletions_V2TokenForMappedApp_Succeeds()
    {
        using var response = await ChatWithTokenAsync(_issuer.V2Token(CallerAppId));

        // The simulator accepts only its own key, so a 200 also shows the backend key replaced the caller's token.
        await ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.Empty(_issuer.OutboundRequests);
    }

    [Fact]
    public async Task ChatCompletions_V1TokenWithAppId_Succeeds()
    {
        using var response = await ChatWithTokenAsync(_issuer.V1Token(CallerAppId));

        await ReadJsonAsync(response, HttpStatusCode.OK);
        Assert.Empty(_issuer.OutboundRequests);
    }

    [Fact]
    public async Task ChatCompletions_ValidTokenForAppNoTeamNames_Returns401LikeABadKey()
    {
        using var badKeyClient = Gateway.CreateGatewayClient(Key[..^1] + (Key[^1] == 'x' ? 'y' : 'x'));
        using var badKey = await ChatAsync(badKeyClient, HiChat);
        var badKeyError = await ErrorAsync(badKey, HttpStatusCode.Unauthorized);

        using var response = await ChatWithTokenAsync(_issuer.V2Token(UnmappedAppId));

        var error = await ErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
        Assert.Equal(badKeyError.GetProperty("code").GetString(), error.GetProperty("code").GetString());
        Assert.Equal(badKeyError.GetProperty("message").GetString(), error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task ChatCompletions_ExpiredToken_Returns401()
    {
        var issuedAt = DateTime.UtcNow.AddHours(-3);
        await AssertAcceptedAsync(_issuer.V2Token(CallerAppId, issuedAt: issuedAt, lifetime: TimeSpan.FromHours(4)));

        // Expired two hours ago: well past the validator's clock skew.
        await AssertRejectedAsync(_issuer.V2Token(CallerAppId, issuedAt: issuedAt, lifetime: TimeSpan.FromHours(1)));
    }

    [Fact]
    public async Task ChatCompletions_TokenSignedByAnotherKey_Returns401()
    {
        await AssertAcceptedAsync(_issuer.V2Token(CallerAppId));

        // Same key id as the issuer's real key, so only the signature itself can give it away.
        using var forger = RSA.Create(2048);
        var forged = new SigningCredentials(new RsaSecurityKey(forger) { KeyId = LocalEntraIssuer.KeyId }, SecurityAlgorithms.RsaSha256);
        await AssertRejectedAsync(_issuer.V2Token(CallerAppId, signedWith: forged));
    }

    [Fact]
    public async Task ChatCompletions_TokenForAnotherAudience_Returns401()
    {
        await AssertAcceptedAsync(_issuer.V2Token(CallerAppId, audience: GatewayApiAppId));

        // A token the caller got for some other API (here, another app registration) must not open the gateway.
        await AssertRejectedAsync(_issuer.V2Token(CallerAppId, audience: UnmappedAppId));
    }

    [Fact]
    public async Task ChatCompletions_TeamAllowedOnlyEmbeddings_Returns403ForChat()
    {
        using var response = await ChatWithTokenAsync(_issuer.V2Token(EmbeddingsOnlyAppId));

        var error = await ErrorAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal("model_not_allowed", error.GetProperty("code").GetString());
    }

    [Fact]
    public async Task ListModels_TokenForAppWhoseTeamMayUseOnlyEmbeddings_ListsOnlyEmbeddings()
    {
        using var client = Gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _issuer.V2Token(EmbeddingsOnlyAppId));

        using var response = await client.GetAsync("/v1/models", Ct);

        var list = await ReadJsonAsync(response, HttpStatusCode.OK);
        var id = Assert.Single(list.GetProperty("data").EnumerateArray()).GetProperty("id").GetString();
        Assert.Equal(EmbeddingsAlias, id);
        Assert.Empty(_issuer.OutboundRequests);
    }

    private async Task<HttpResponseMessage> ChatWithTokenAsync(string token)
    {
        using var client = Gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await ChatAsync(client, HiChat);
    }

    private async Task AssertAcceptedAsync(string token)
    {
        using var response = await ChatWithTokenAsync(token);
        await ReadJsonAsync(response, HttpStatusCode.OK);
    }

    private async Task AssertRejectedAsync(string token)
    {
        using var response = await ChatWithTokenAsync(token);
        var error = await ErrorAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
        Assert.Empty(_issuer.OutboundRequests);
    }

    /// <summary>
    /// Stands in for an Entra tenant: an RSA key that signs access tokens, and the gateway's Entra scheme pointed at
    /// that key with static metadata. Each test gets its own tenant id, so Microsoft.IdentityModel's process-wide
    /// cache of issuer validators (keyed by authority) never hands one test another test's validator.
    /// </summary>
    private sealed class LocalEntraIssuer : IDisposable
    {
        public const string KeyId = "local-test-key";
        private const string OfflineClientName = "entra-offline";

        private readonly RSA _rsa = RSA.Create(2048);
        private readonly SigningCredentials _signing;
        private readonly ConcurrentQueue<Uri> _outbound = new();
        private readonly string _tenantId = Guid.NewGuid().ToString();

        public LocalEntraIssuer()
        {
            _signing = new SigningCredentials(new RsaSecurityKey(_rsa) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256);
            Settings = new Dictionary<string, string?>
            {
                ["AzureAd:Instance"] = "https://login.microsoftonline.com/",
                ["AzureAd:TenantId"] = _tenantId,
                ["AzureAd:ClientId"] = GatewayApiAppId,
            };
        }

        public IReadOnlyDictionary<string, string?> Settings { get; }

        /// <summary>Every request the gateway tried to send to a metadata endpoint; there should be none.</summary>
        public IReadOnlyCollection<Uri> OutboundRequests => _outbound;

        private string V2Issuer => $"https://login.microsoftonline.com/{_tenantId}/v2.0";
        private string V1Issuer => $"https://sts.windows.net/{_tenantId}/";

        public void ConfigureGateway(IServiceCollection services)
        {
            // Both ways the scheme could reach Entra go through a handler that records and refuses: the metadata
            // backchannel (built from this handler by JwtBearer's post-configure, which runs after this Configure),
            // and the client Microsoft.Identity.Web's AAD issuer validator uses when an issuer is not in ValidIssuers.
            services.Configure<JwtBearerOptions>(GatewayEntraOptions.Scheme, o => o.BackchannelHttpHandler = new RefusingHandler(_outbound));
            services.AddHttpClient(OfflineClientName).ConfigurePrimaryHttpMessageHandler(() => new RefusingHandler(_outbound));
            services.Configure<AadIssuerValidatorOptions>(o => o.HttpClientName = OfflineClientName);

            var metadata = new OpenIdConnectConfiguration { Issuer = V2Issuer };
            metadata.SigningKeys.Add(_signing.Key);
            services.PostConfigure<JwtBearerOptions>(GatewayEntraOptions.Scheme, o =>
            {
                // JwtBearer's own post-configure has already turned the authority into a ConfigurationManager that
                // would download the tenant's metadata; replace it as well as setting Configuration.
                o.Configuration = metadata;
                o.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(metadata);
                o.TokenValidationParameters.ValidIssuers = [V2Issuer, V1Issuer];
            });
        }

        /// <summary>An app-only v2 access token for the gateway's API, as the client credentials flow issues it.</summary>
        public string V2Token(
            string appId, string audience = GatewayApiAppId, DateTime? issuedAt = null, TimeSpan? lifetime = null, SigningCredentials? signedWith = null) =>
            Create(V2Issuer, audience, new Dictionary<string, object> { ["ver"] = "2.0", ["azp"] = appId, ["azpacr"] = "1" }, issuedAt, lifetime, signedWith);

        /// <summary>A v1 access token, which names the calling app in <c>appid</c> and uses the App ID URI as audience.</summary>
        public string V1Token(string appId) =>
            Create(V1Issuer, $"api://{GatewayApiAppId}", new Dictionary<string, object> { ["ver"] = "1.0", ["appid"] = appId, ["appidacr"] = "1" }, null, null, null);

        public void Dispose() => _rsa.Dispose();

        private string Create(
            string issuer, string audience, Dictionary<string, object> claims, DateTime? issuedAt, TimeSpan? lifetime, SigningCredentials? signedWith)
        {
            var iat = issuedAt ?? DateTime.UtcNow.AddMinutes(-1);
            claims["tid"] = _tenantId;
            claims["oid"] = Guid.NewGuid().ToString();
            claims["sub"] = claims["oid"];
            claims["idtyp"] = "app";
            return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = issuer,
                Audience = audience,
                IssuedAt = iat,
                NotBefore = iat,
                Expires = iat + (lifetime ?? TimeSpan.FromHours(1)),
                Claims = claims,
                SigningCredentials = signedWith ?? _signing,
            });
        }
    }

    private sealed class RefusingHandler(ConcurrentQueue<Uri> requests) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            requests.Enqueue(request.RequestUri!);
            throw new HttpRequestException($"This test runs offline; the gateway tried to fetch {request.RequestUri}.");
        }
    }
}
