using System.Collections.Frozen;
using System.Text;
using System.Text.Json;
using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Requests;
using AiGateway.Gateway.Streaming;
using AiGateway.Shared.Model;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AiGateway.Gateway.Tests.Context;

/// <summary>
/// Builds a request as a pipeline step finds it: the snapshot it was given, the facts earlier steps set, and an
/// <see cref="HttpContext"/> whose response can be read back (and started, to run the OnStarting callbacks).
/// </summary>
internal static class GatewayRequests
{
    /// <summary>Fifteen seconds into a minute, so a per-minute window has 45 seconds left.</summary>
    public static readonly DateTimeOffset Now = new(2026, 3, 10, 9, 30, 15, TimeSpan.Zero);

    public const string ChatBody = """{"model":"gpt-4o","messages":[{"role":"user","content":"Hello there"}]}""";

    public static TeamEntry Team(string name = "alpha", bool enabled = true, AliasScope? allowedAliases = null, QuotaLimits? limits = null) =>
        new(Guid.NewGuid(), name, enabled, PriorityClass.Normal, null, allowedAliases ?? AliasScope.All, limits);

    public static ClientKeyEntry Key(
        TeamEntry team,
        string prefix = "agw_AAAAAAAAAAAA",
        byte[]? secretHash = null,
        AliasScope? allowedAliases = null,
        DateTimeOffset? expiresAt = null,
        QuotaLimits? limits = null) =>
        new(Guid.NewGuid(), team.Id, "ci", prefix, secretHash ?? new byte[32], allowedAliases ?? AliasScope.All, expiresAt, limits);

    public static AliasScope Aliases(params string[] names) => AliasScope.Of(names);

    public static GatewaySnapshot Snapshot(
        IEnumerable<TeamEntry>? teams = null,
        IEnumerable<ClientKeyEntry>? keys = null,
        IEnumerable<AliasEntry>? aliases = null,
        IEnumerable<KeyValuePair<(Guid Team, Guid Alias), QuotaLimits>>? teamAliasLimits = null,
        long version = 1) =>
        new(
            version,
            Now,
            (keys ?? []).ToFrozenDictionary(k => k.Prefix, StringComparer.Ordinal),
            (teams ?? []).ToFrozenDictionary(t => t.Id),
            FrozenDictionary<string, Guid>.Empty,
            (aliases ?? []).ToFrozenDictionary(a => a.Name, StringComparer.Ordinal),
            FrozenDictionary<Guid, BackendEntry>.Empty,
            (teamAliasLimits ?? []).ToFrozenDictionary());

    /// <summary>A request as the first step leaves it: timed by <paramref name="clock"/> when given.</summary>
    public static GatewayRequestContext Arrived(
        GatewaySnapshot snapshot,
        GatewaySurface surface = GatewaySurface.OpenAIV1,
        GatewayOperation operation = GatewayOperation.ChatCompletions,
        TimeProvider? clock = null) =>
        new("req-0001", snapshot, surface, operation, clock?.GetTimestamp() ?? 0, clock?.GetUtcNow() ?? Now);

    /// <summary>A request as alias resolution leaves it: authenticated as <paramref name="team"/> (and key), body read, alias found.</summary>
    public static GatewayRequestContext Resolved(
        AliasEntry alias,
        TeamEntry team,
        ClientKeyEntry? key = null,
        string body = ChatBody,
        GatewayOperation operation = GatewayOperation.ChatCompletions,
        GatewaySnapshot? snapshot = null,
        TimeProvider? clock = null)
    {
        var gateway = Arrived(snapshot ?? Snapshot([team], key is null ? [] : [key], [alias]), GatewaySurface.OpenAIV1, operation, clock);
        gateway.Authenticated(new GatewayCaller(team, key, null));
        gateway.BodyRead(Body(body, operation));
        gateway.AliasResolved(alias);
        return gateway;
    }

    /// <summary>The body as the body step reads it; the test fails if the inspector refuses it.</summary>
    public static ClientRequest Body(string json, GatewayOperation operation = GatewayOperation.ChatCompletions)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Assert.True(RequestInspector.TryInspect(bytes, operation, out var inspected, out var error), error?.Message);
        return new ClientRequest(bytes, inspected);
    }

    /// <summary>
    /// What the forwarding step leaves after one attempt on the alias's first target: the attempt, with the backend's
    /// reported usage when given, and how it ended.
    /// </summary>
    public static GatewayAttempt Answered(
        this GatewayRequestContext gateway,
        AttemptResult result = AttemptResult.Succeeded,
        int? backendStatus = StatusCodes.Status200OK,
        TokenUsage? usage = null,
        TimeProvider? clock = null)
    {
        var target = gateway.Alias.Targets[0];
        var observer = new ResponseObserver(clock ?? TimeProvider.System) { Usage = usage };
        var attempt = gateway.StartAttempt(target, gateway.Request.Body, TimeSpan.FromSeconds(30), observer);
        gateway.Ended(new AttemptOutcome(target, attempt.Number, result, backendStatus, null, false, null, null));
        return attempt;
    }

    /// <summary>
    /// An HTTP request carrying <paramref name="gateway"/>, with a readable response body and a response feature that
    /// runs its OnStarting callbacks when <see cref="StartResponseAsync"/> is called.
    /// </summary>
    public static DefaultHttpContext Http(GatewayRequestContext? gateway = null)
    {
        var http = new DefaultHttpContext();
        http.Features.Set<IHttpResponseFeature>(new StartableResponseFeature());
        http.Response.Body = new MemoryStream();
        if (gateway is not null)
        {
            http.Features.Set(gateway);
        }

        return http;
    }

    /// <summary>Runs the OnStarting callbacks, as the server does when it sends the response headers.</summary>
    public static Task StartResponseAsync(this HttpContext http) =>
        ((StartableResponseFeature)http.Features.Get<IHttpResponseFeature>()!).StartAsync();

    public static void SetJsonBody(this HttpRequest request, string json, bool withContentLength = true)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        request.ContentType = "application/json";
        request.ContentLength = withContentLength ? bytes.Length : null;
        request.Body = new MemoryStream(bytes);
    }

    /// <summary>The <c>error</c> object of the OpenAI error body the response carries.</summary>
    public static JsonElement Error(this HttpResponse response)
    {
        var body = ((MemoryStream)response.Body).ToArray();
        Assert.Equal("application/json", response.ContentType);
        using var document = JsonDocument.Parse(body);
        return document.RootElement.GetProperty("error").Clone();
    }

    public static string? ErrorCode(this HttpResponse response) => response.Error().GetProperty("code").GetString();

    public static string ResponseText(this HttpResponse response) => Encoding.UTF8.GetString(((MemoryStream)response.Body).ToArray());
}
