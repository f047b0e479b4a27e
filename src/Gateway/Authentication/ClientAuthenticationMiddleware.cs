using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Errors;
using AiGateway.Shared.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AiGateway.Gateway.Authentication;

/// <summary>
/// Authenticates the caller with a gateway key (<c>api-key</c> or <c>Authorization: Bearer</c>) checked against the
/// snapshot, or with an Entra ID access token mapped to a team by its app id. Unknown, revoked, expired and
/// malformed keys all get the same answer, so a caller learns nothing about which it was. A key that lets its caller
/// in is noted as used (<see cref="KeyUseTracker"/>), in memory, for its "last used".
/// </summary>
public sealed partial class ClientAuthenticationMiddleware(
    RequestDelegate next,
    ApiKeyHasher hasher,
    GatewayEntraOptions entra,
    KeyUseTracker keyUse,
    TimeProvider clock,
    ILogger<ClientAuthenticationMiddleware> logger)
{
    private static readonly GatewayError MissingCredential = new(
        StatusCodes.Status401Unauthorized,
        "No credential was sent. Send your gateway key in the 'api-key' header or as 'Authorization: Bearer <key>'.",
        "invalid_request_error",
        "invalid_api_key");

    private static readonly GatewayError InvalidCredential = new(
        StatusCodes.Status401Unauthorized,
        "Incorrect API key or access token provided. Get a key from the gateway portal.",
        "invalid_request_error",
        "invalid_api_key");

    public async Task InvokeAsync(HttpContext context)
    {
        var gateway = context.Gateway();
        var presented = ReadCredential(context.Request);
        if (presented.Length == 0)
        {
            await GatewayErrorWriter.WriteAsync(context, MissingCredential);
            return;
        }

        var caller = ApiKeyFormat.TryGetPrefix(presented, out var prefix)
            ? AuthenticateKey(gateway.Snapshot, prefix, presented)
            : await AuthenticateEntraAsync(context, gateway.Snapshot);
        if (caller is null)
        {
            Log.Rejected(logger, gateway.RequestId);
            await GatewayErrorWriter.WriteAsync(context, InvalidCredential);
            return;
        }

        gateway.Authenticated(caller);
        await next(context);
    }

    private static string ReadCredential(HttpRequest request)
    {
        var apiKey = request.Headers["api-key"].ToString();
        if (apiKey.Length > 0)
        {
            return apiKey.Trim();
        }

        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : "";
    }

    private GatewayCaller? AuthenticateKey(GatewaySnapshot snapshot, string prefix, string presented)
    {
        if (!snapshot.KeysByPrefix.TryGetValue(prefix, out var key) || !hasher.Verify(presented, key.SecretHash))
        {
            return null;
        }

        var now = clock.GetUtcNow();
        if (!key.IsActiveAt(now) || !TryGetEnabledTeam(snapshot, key.TeamId, out var team))
        {
            return null;
        }

        keyUse.Record(key.Id, now);
        return new GatewayCaller(team, key, null);
    }

    private async Task<GatewayCaller?> AuthenticateEntraAsync(HttpContext context, GatewaySnapshot snapshot)
    {
        if (!entra.Enabled || context.Request.Headers.Authorization.Count == 0)
        {
            return null;
        }

        var result = await context.AuthenticateAsync(GatewayEntraOptions.Scheme);
        if (!result.Succeeded)
        {
            return null;
        }

        // v2 tokens name the calling app in azp, v1 tokens in appid.
        var appId = result.Principal.FindFirstValue("azp") ?? result.Principal.FindFirstValue("appid");
        if (appId is null || !snapshot.TeamsByEntraApp.TryGetValue(appId, out var teamId) || !TryGetEnabledTeam(snapshot, teamId, out var team))
        {
            return null;
        }

        return new GatewayCaller(team, null, appId);
    }

    // A disabled team's callers are refused whichever credential they present.
    private static bool TryGetEnabledTeam(GatewaySnapshot snapshot, Guid teamId, [NotNullWhen(true)] out TeamEntry? team) =>
        snapshot.Teams.TryGetValue(teamId, out team) && team.Enabled;

    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Information, "Request {RequestId}: credential rejected")]
        public static partial void Rejected(ILogger logger, string requestId);
    }
}
