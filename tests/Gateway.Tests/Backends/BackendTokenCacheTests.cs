using AiGateway.Gateway.Backends;
using Azure.Core;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Backends;

public sealed class BackendTokenCacheTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 1, 12, 0, 0, TimeSpan.Zero));
    private readonly FakeCredentialFactory _factory;
    private readonly BackendTokenCache _cache;

    public BackendTokenCacheTests()
    {
        _factory = new FakeCredentialFactory(_time);
        _cache = new BackendTokenCache(_factory, _time);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetTokenAsync_AsksForTheCognitiveServicesScope()
    {
        await _cache.GetTokenAsync(null, Ct);

        Assert.Equal(["https://cognitiveservices.azure.com/.default"], _factory.Credentials[""].Scopes);
    }

    [Fact]
    public async Task GetTokenAsync_TokenStillFresh_IsServedFromTheCache()
    {
        var first = await _cache.GetTokenAsync(null, Ct);
        _time.Advance(TimeSpan.FromMinutes(54));
        var second = await _cache.GetTokenAsync(null, Ct);

        Assert.Equal(first, second);
        Assert.Equal(1, _factory.Credentials[""].Calls);
    }

    [Fact]
    public async Task GetTokenAsync_WithinFiveMinutesOfExpiry_RefreshesBeforeItLapses()
    {
        var first = await _cache.GetTokenAsync(null, Ct);
        _time.Advance(TimeSpan.FromMinutes(55) + TimeSpan.FromSeconds(1));
        var second = await _cache.GetTokenAsync(null, Ct);

        Assert.NotEqual(first, second);
        Assert.Equal(2, _factory.Credentials[""].Calls);
    }

    [Fact]
    public async Task GetTokenAsync_EachManagedIdentity_HasItsOwnCredentialAndToken()
    {
        var system = await _cache.GetTokenAsync(null, Ct);
        var userAssigned = await _cache.GetTokenAsync("11111111-2222-3333-4444-555555555555", Ct);

        Assert.NotEqual(system, userAssigned);
        Assert.Equal(2, _factory.Credentials.Count);
        Assert.Equal(1, _factory.Credentials["11111111-2222-3333-4444-555555555555"].Calls);
    }

    [Fact]
    public async Task GetTokenAsync_ManyConcurrentCallers_AcquireOnce()
    {
        var tokens = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _cache.GetTokenAsync(null, Ct).AsTask()));

        Assert.Single(tokens.Distinct());
        Assert.Equal(1, _factory.Credentials[""].Calls);
    }

    /// <summary>Hands out fake credentials whose tokens live one hour and are numbered, so a refresh is visible.</summary>
    private sealed class FakeCredentialFactory(TimeProvider time) : IBackendCredentialFactory
    {
        public Dictionary<string, FakeCredential> Credentials { get; } = [];

        public TokenCredential Create(string? managedIdentityClientId)
        {
            var credential = new FakeCredential(time, managedIdentityClientId ?? "system");
            Credentials[managedIdentityClientId ?? ""] = credential;
            return credential;
        }
    }

    private sealed class FakeCredential(TimeProvider time, string identity) : TokenCredential
    {
        private int _calls;

        public int Calls => _calls;
        public string[] Scopes { get; private set; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            GetTokenAsync(requestContext, cancellationToken).AsTask().GetAwaiter().GetResult();

        public override async ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            // Yield so concurrent callers really overlap the acquisition.
            await Task.Yield();
            Scopes = requestContext.Scopes;
            var n = Interlocked.Increment(ref _calls);
            return new AccessToken($"{identity}-token-{n}", time.GetUtcNow().AddHours(1));
        }
    }
}
