using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Tests.Context;
using AiGateway.Gateway.Tests.Quotas;
using AiGateway.Shared.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Authentication;

public sealed class ClientAuthenticationMiddlewareTests
{
    private readonly FakeTimeProvider _clock = new(GatewayRequests.Now);
    private readonly ApiKeyHasher _hasher = new(Options.Create(new ApiKeyHashOptions { ApiKeyHashSecret = Convert.ToBase64String(new byte[32]) }));
    private readonly ListLogger<ClientAuthenticationMiddleware> _logger = new();
    private readonly KeyUseTracker _keyUse = new();
    private readonly ListLogger<FailedCredentialLog> _failureLogger = new();
    private readonly FailedCredentialLog _failures;
    private readonly TeamEntry _team = GatewayRequests.Team();
    private readonly string _presented = ApiKeyFormat.Generate();

    public ClientAuthenticationMiddlewareTests() => _failures = new FailedCredentialLog(_clock, _failureLogger);

    [Fact]
    public async Task InvokeAsync_ValidKeyInApiKeyHeader_SetsTheCallerAndCallsNext()
    {
        var key = KeyFor(_presented);
        var http = Request(Snapshot(key));
        http.Request.Headers["api-key"] = _presented;
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.Equal(1, next.Calls);
        var caller = http.Gateway().Caller;
        Assert.Same(_team, caller.Team);
        Assert.Same(key, caller.Key);
        Assert.Null(caller.EntraAppId);
    }

    [Fact]
    public async Task InvokeAsync_ValidKey_NotesTheKeysUseInMemory()
    {
        var key = KeyFor(_presented);
        var http = Request(Snapshot(key));
        http.Request.Headers["api-key"] = _presented;

        await Middleware(new NextStep()).InvokeAsync(http);

        var use = Assert.Single(_keyUse.Pending());
        Assert.Equal(key.Id, use.KeyId);
        Assert.Equal(new DateTimeOffset(GatewayRequests.Now.UtcTicks / TimeSpan.TicksPerMinute * TimeSpan.TicksPerMinute, TimeSpan.Zero), use.At);
    }

    [Fact]
    public async Task InvokeAsync_KeyRefused_NotesNoUse()
    {
        var http = Request(Snapshot(KeyFor(_presented) with { ExpiresAt = GatewayRequests.Now }));
        http.Request.Headers["api-key"] = _presented;

        await Middleware(new NextStep()).InvokeAsync(http);

        Assert.Equal(StatusCodes.Status401Unauthorized, http.Response.StatusCode);
        Assert.False(_keyUse.HasPending);
    }

    [Theory]
    [InlineData("Bearer {0}")]
    [InlineData("bearer {0}")]
    [InlineData("Bearer   {0}  ")]
    public async Task InvokeAsync_ValidKeyAsBearerToken_SetsTheCallerAndCallsNext(string authorization)
    {
        var key = KeyFor(_presented);
        var http = Request(Snapshot(key));
        http.Request.Headers.Authorization = string.Format(System.Globalization.CultureInfo.InvariantCulture, authorization, _presented);
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.True(next.Called);
        Assert.Same(key, http.Gateway().Caller.Key);
    }

    [Fact]
    public async Task InvokeAsync_ExpiryStillAhead_LetsTheKeyIn()
    {
        var http = Request(Snapshot(KeyFor(_presented) with { ExpiresAt = GatewayRequests.Now.AddSeconds(1) }));
        http.Request.Headers["api-key"] = _presented;
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.True(next.Called);
    }

    [Fact]
    public async Task InvokeAsync_NoCredential_Answers401InvalidApiKey()
    {
        var http = Request(Snapshot(KeyFor(_presented)));
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.False(next.Called);
        Assert.False(http.Gateway().IsAuthenticated);
        Assert.Equal(StatusCodes.Status401Unauthorized, http.Response.StatusCode);
        var error = http.Response.Error();
        Assert.Equal("invalid_api_key", error.GetProperty("code").GetString());
        Assert.Contains("'api-key'", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("false", http.Response.Headers["x-should-retry"]);
    }

    [Fact]
    public async Task InvokeAsync_AuthorizationWithoutBearer_Answers401AsIfNoCredential()
    {
        var http = Request(Snapshot(KeyFor(_presented)));
        http.Request.Headers.Authorization = "Basic " + _presented;
        var next = new NextStep();

        await Middleware(next).InvokeAsync(http);

        Assert.False(next.Called);
        Assert.Equal(StatusCodes.Status401Unauthorized, http.Response.StatusCode);
        Assert.Equal("invalid_api_key", http.Response.ErrorCode());
    }

    public static TheoryData<string> RefusedKeys => ["unknown prefix", "wrong secret", "expired", "revoked", "disabled team", "unknown team", "malformed", "token without Entra"];

    [Theory]
    [MemberData(nameof(RefusedKeys))]
    public async Task InvokeAsync_KeyThatMayNotCall_Answers401IndistinguishableFromAnUnknownKey(string reason)
    {
        var (snapshot, presented) = reason switch
        {
            "unknown prefix" => (Snapshot(KeyFor(_presented)), ApiKeyFormat.Generate()),
            "wrong secret" => (Snapshot(KeyFor(_presented)), _presented[..(ApiKeyFormat.PrefixLength + 1)] + new string('x', ApiKeyFormat.SecretLength)),
            "expired" => (Snapshot(KeyFor(_presented) with { ExpiresAt = GatewayRequests.Now }), _presented),
            "revoked" => (Snapshot(), _presented),
            "disabled team" => (Snapshot(KeyFor(_presented), _team with { Enabled = false }), _presented),
            "unknown team" => (Snapshot(KeyFor(_presented) with { TeamId = Guid.NewGuid() }), _presented),
            "malformed" => (Snapshot(KeyFor(_presented)), _presented + "x"),
            _ => (Snapshot(KeyFor(_presented)), "eyJhbGciOiJSUzI1NiJ9.eyJhenAiOiJhcHAifQ.c2ln"),
        };
        var refused = Request(snapshot);
        refused.Request.Headers.Authorization = "Bearer " + presented;
        var unknown = Request(Snapshot(KeyFor(_presented)));
        unknown.Request.Headers.Authorization = "Bearer " + ApiKeyFormat.Generate();
        var next = new NextStep();

        await Middleware(next).InvokeAsync(refused);
        await Middleware(next).InvokeAsync(unknown);

        Assert.False(next.Called);
        Assert.False(refused.Gateway().IsAuthenticated);
        Assert.Equal(StatusCodes.Status401Unauthorized, refused.Response.StatusCode);
        Assert.Equal("invalid_api_key", refused.Response.ErrorCode());
        Assert.Equal(unknown.Response.ResponseText(), refused.Response.ResponseText());
    }

    [Fact]
    public async Task InvokeAsync_RefusedKey_LogsTheRequestIdButNeverTheKey()
    {
        var http = Request(Snapshot(KeyFor(_presented)));
        var wrong = _presented[..(ApiKeyFormat.PrefixLength + 1)] + new string('x', ApiKeyFormat.SecretLength);
        http.Request.Headers["api-key"] = wrong;

        await Middleware(new NextStep()).InvokeAsync(http);

        var entry = Assert.Single(_logger.Entries);
        Assert.Contains(http.Gateway().RequestId, entry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong[ApiKeyFormat.PrefixLength..], entry.Message, StringComparison.Ordinal);
    }

    private ClientAuthenticationMiddleware Middleware(NextStep next) =>
        new(next.InvokeAsync, new GatewayCallerAuthenticator(_hasher, new GatewayEntraOptions(Enabled: false), _keyUse, _failures, _clock), _logger);

    private ClientKeyEntry KeyFor(string presented)
    {
        Assert.True(ApiKeyFormat.TryGetPrefix(presented, out var prefix));
        return GatewayRequests.Key(_team, prefix, _hasher.Hash(presented));
    }

    private GatewaySnapshot Snapshot(ClientKeyEntry? key = null, TeamEntry? team = null) =>
        GatewayRequests.Snapshot([team ?? _team], key is null ? [] : [key]);

    private static DefaultHttpContext Request(GatewaySnapshot snapshot) => GatewayRequests.Http(GatewayRequests.Arrived(snapshot));
}
