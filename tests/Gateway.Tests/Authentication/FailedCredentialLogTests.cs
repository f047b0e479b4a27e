using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Tests.Context;
using AiGateway.Gateway.Tests.Quotas;
using AiGateway.Shared.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Gateway.Tests.Authentication;

/// <summary>
/// A client hammering the gateway with a wrong key fills the log with a few lines a minute, not one per request, and
/// no line carries the secret.
/// </summary>
public sealed class FailedCredentialLogTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(GatewayRequests.Now);
    private readonly ApiKeyHasher _hasher = new(Options.Create(new ApiKeyHashOptions { ApiKeyHashSecret = Convert.ToBase64String(new byte[32]) }));
    private readonly ListLogger<FailedCredentialLog> _logger = new();
    private readonly FailedCredentialLog _failures;
    private readonly TeamEntry _team = GatewayRequests.Team();

    public FailedCredentialLogTests() => _failures = new FailedCredentialLog(_clock, _logger);

    public void Dispose() => _failures.Dispose();

    [Fact]
    public async Task RepeatedWrongKeys_OneImmediateLineAndOneCountPerPrefixAndMinute()
    {
        var known = ApiKeyFormat.Generate();
        var snapshot = GatewayRequests.Snapshot([_team], [Key(known)]);
        var wrongA = WrongSecretFor(known);
        var wrongB = ApiKeyFormat.Generate();

        for (var i = 0; i < 30; i++)
        {
            await RefusedAsync(snapshot, wrongA);
        }

        for (var i = 0; i < 5; i++)
        {
            await RefusedAsync(snapshot, wrongB);
        }

        // Within the minute: only the first refusal of each prefix, at once.
        Assert.Equal(2, _logger.Entries.Count);
        Assert.All(_logger.Entries, e => Assert.Equal(LogLevel.Warning, e.Level));
        Assert.Contains(_logger.Entries, e => e.Message.Contains(Prefix(wrongA), StringComparison.Ordinal));
        Assert.Contains(_logger.Entries, e => e.Message.Contains(Prefix(wrongB), StringComparison.Ordinal));

        // The minute ends with no further request: the timer reports each prefix's total once.
        _clock.Advance(TimeSpan.FromMinutes(1));

        var summaries = _logger.Entries.Skip(2).ToList();
        Assert.Equal(2, summaries.Count);
        Assert.Single(summaries, e => e.Message.StartsWith("30 ", StringComparison.Ordinal) && e.Message.Contains(Prefix(wrongA), StringComparison.Ordinal));
        Assert.Single(summaries, e => e.Message.StartsWith("5 ", StringComparison.Ordinal) && e.Message.Contains(Prefix(wrongB), StringComparison.Ordinal));

        // A quiet minute adds nothing; the next minute's attacks start their own count.
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(4, _logger.Entries.Count);
        await RefusedAsync(snapshot, wrongA);
        await RefusedAsync(snapshot, wrongA);
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(6, _logger.Entries.Count);
        Assert.StartsWith("2 ", _logger.Entries[^1].Message, StringComparison.Ordinal);

        foreach (var entry in _logger.Entries)
        {
            Assert.DoesNotContain(wrongA[ApiKeyFormat.PrefixLength..], entry.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(wrongB[ApiKeyFormat.PrefixLength..], entry.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task ManyRandomPrefixes_CountedTogetherBeyondTheLimit()
    {
        var snapshot = GatewayRequests.Snapshot([_team], []);
        for (var i = 0; i < FailedCredentialLog.MaxSourcesPerMinute + 50; i++)
        {
            await RefusedAsync(snapshot, ApiKeyFormat.Generate());
        }

        _clock.Advance(TimeSpan.FromMinutes(1));

        // One line per admitted prefix, one for the rest at once, and the rest's total at the end of the minute.
        Assert.Equal(FailedCredentialLog.MaxSourcesPerMinute + 2, _logger.Entries.Count);
        Assert.StartsWith($"50 credentials refused from {FailedCredentialLog.OtherSources}", _logger.Entries[^1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptedKey_LogsNothing()
    {
        var known = ApiKeyFormat.Generate();
        var http = GatewayRequests.Http(GatewayRequests.Arrived(GatewayRequests.Snapshot([_team], [Key(known)])));
        http.Request.Headers["api-key"] = known;

        await Middleware().InvokeAsync(http);
        _clock.Advance(TimeSpan.FromMinutes(2));

        Assert.True(http.Gateway().IsAuthenticated);
        Assert.Empty(_logger.Entries);
    }

    [Fact]
    public async Task SomethingThatIsNotAKey_IsNamedByALabelNotByWhatWasSent()
    {
        var snapshot = GatewayRequests.Snapshot([_team], []);
        const string sent = "sk-this-is-someone-elses-secret";
        await RefusedAsync(snapshot, sent);
        await RefusedAsync(snapshot, sent);
        _clock.Advance(TimeSpan.FromMinutes(1));

        Assert.Equal(2, _logger.Entries.Count);
        Assert.All(_logger.Entries, e => Assert.Contains(FailedCredentialLog.NotAGatewayKey, e.Message, StringComparison.Ordinal));
        Assert.All(_logger.Entries, e => Assert.DoesNotContain(sent, e.Message, StringComparison.Ordinal));
    }

    private async Task RefusedAsync(GatewaySnapshot snapshot, string presented)
    {
        var http = GatewayRequests.Http(GatewayRequests.Arrived(snapshot));
        http.Request.Headers["api-key"] = presented;
        await Middleware().InvokeAsync(http);
        Assert.Equal(StatusCodes.Status401Unauthorized, http.Response.StatusCode);
    }

    private ClientAuthenticationMiddleware Middleware() =>
        new(
            _ => Task.CompletedTask,
            new GatewayCallerAuthenticator(_hasher, new GatewayEntraOptions(Enabled: false), new KeyUseTracker(), _failures, _clock),
            new ListLogger<ClientAuthenticationMiddleware>());

    private ClientKeyEntry Key(string presented)
    {
        Assert.True(ApiKeyFormat.TryGetPrefix(presented, out var prefix));
        return GatewayRequests.Key(_team, prefix, _hasher.Hash(presented));
    }

    private static string Prefix(string key) => key[..ApiKeyFormat.PrefixLength];

    private static string WrongSecretFor(string key) => key[..(ApiKeyFormat.PrefixLength + 1)] + new string('x', ApiKeyFormat.SecretLength);
}
