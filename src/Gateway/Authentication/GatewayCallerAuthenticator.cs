using System.Diagnostics.CodeAnalysis;
using System.Security.Claims;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Errors;
using AiGateway.Shared.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Gateway.Authentication;

/// <summary>
/// Finds the caller behind a request's credential: a gateway key (<c>api-key</c> or <c>Authorization: Bearer</c>)
/// checked against the snapshot, or an Entra ID access token mapped to a team by its app id. Unknown, revoked,
/// expired and malformed keys all get the same refusal, so a caller learns nothing about which it was. Every
/// endpoint that serves model clients authenticates here, so all of them refuse alike.
/// </summary>
public sealed class GatewayCallerAuthenticator(
    ApiKeyHasher hasher,
    GatewayEntraOptions entra,
    KeyUseTracker keyUse,
    FailedCredentialLog failures,
    TimeProvider clock)
{
    public static readonly GatewayError MissingCredential = new(
        StatusCodes.Status401Unauthorized,
        "No credential was sent. Send your gateway key in the 'api-key' header or as 'Authorization: Bearer <key>'.",
        "invalid_request_error",
        "invalid_api_key");

    public static readonly GatewayError InvalidCredential = new(
        StatusCodes.Status401Unauthorized,
        "Incorrect API key or access token provided. Get a key from the gateway portal.",
        "invalid_request_error",
        "invalid_api_key");

    public async ValueTask<CallerAuthentication> AuthenticateAsync(HttpContext context, GatewaySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(snapshot);
        var presented = ReadCredential(context.Request);
        if (presented.Length == 0)
        {
            return new CallerAuthentication(null, MissingCredential);
        }

        var isKey = ApiKeyFormat.TryGetPrefix(presented, out var prefix);
        var caller = isKey
            ? AuthenticateKey(snapshot, prefix!, presented)
            : await AuthenticateEntraAsync(context, snapshot);
        if (caller is null)
        {
            // Only the public prefix is logged; anything else the caller sent is named by a fixed label.
            failures.Record(isKey ? prefix! : FailedCredentialLog.NotAGatewayKey);
            return new CallerAuthentication(null, InvalidCredential);
        }

        return new CallerAuthentication(caller, null);
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
}
