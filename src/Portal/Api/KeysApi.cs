using System.Security.Claims;
using AiGateway.Gateway.Configuration;
using AiGateway.Portal.Auth;
using AiGateway.Shared.Services.Keys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiGateway.Portal.Api;

/// <summary>
/// A team's model keys: its owners, admins and its tokens with the ManageKeys scope manage every key; a member lists,
/// rotates and revokes the keys they issued. Anyone on the team may issue one.
/// </summary>
public static class KeysApi
{
    public static RouteGroupBuilder MapKeysApi(this RouteGroupBuilder api)
    {
        api.MapGet("/teams/{teamId:guid}/keys", async (Guid teamId, ApiKeyService service, IAuthorizationService authorization, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var team = new TeamResource(teamId);
                if ((await authorization.AuthorizeAsync(user, team, TeamOperations.ManageAllKeys)).Succeeded)
                {
                    return await service.ListAsync(teamId, ct);
                }

                await authorization.EnsureAsync(user, team, TeamOperations.View, TeamApiRefusals.NotMember);
                var own = new List<ApiKeyView>();
                foreach (var key in await service.ListAsync(teamId, ct))
                {
                    if ((await authorization.AuthorizeAsync(user, ApiKeyResource.Of(key), TeamOperations.ManageOwnKey)).Succeeded)
                    {
                        own.Add(key);
                    }
                }

                return (IReadOnlyList<ApiKeyView>)own;
            })
            .WithTags("Keys")
            .WithDescription("The team's keys: every key for its owners, admins and its ManageKeys tokens; a member's own keys for a member.");
        api.MapPost("/teams/{teamId:guid}/keys", async Task<Created<IssuedApiKey>> (Guid teamId, ApiKeyInput input, ApiKeyService service, IGatewayReloader gateway, IAuthorizationService authorization, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
            {
                await authorization.EnsureAsync(user, new TeamResource(teamId), TeamOperations.ManageOwnKey, TeamApiRefusals.NotMember);
                var issued = await service.IssueAsync(
                    teamId, input, user.ActorName(), issuedByUserId: PortalAccess.IssuerId(user), mayRaisePriority: user.IsInRole(PortalRoles.Admin), ct: ct);
                await gateway.ReloadNowAsync(ct);
                NoStore(http);
                return TypedResults.Created($"/api/admin/keys/{issued.Key.Id}", issued);
            })
            .WithTags("Keys")
            .WithDescription(
                "Issues a key. The answer holds its secret, the only time it is ever shown; store it now. The key works at once on the replica "
                + "that answered, and on every other replica within Gateway:ConfigPollSeconds.");

        var keys = api.MapGroup("/keys").WithTags("Keys");
        keys.MapGet("/{id:guid}", async (Guid id, ApiKeyService service, IAuthorizationService authorization, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var key = await service.GetAsync(id, ct);
            await authorization.EnsureAsync(user, ApiKeyResource.Of(key), TeamOperations.ManageOwnKey, TeamApiRefusals.KeyNotYours);
            return key;
        });
        keys.MapPost("/{id:guid}/rotate", async Task<Created<IssuedApiKey>> (Guid id, RotateApiKeyInput? input, ApiKeyService service, IGatewayReloader gateway, IAuthorizationService authorization, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
            {
                await authorization.EnsureAsync(user, ApiKeyResource.Of(await service.GetAsync(id, ct)), TeamOperations.ManageOwnKey, TeamApiRefusals.KeyNotYours);
                var issued = await service.RotateAsync(id, input ?? new RotateApiKeyInput(), user.ActorName(), ct);
                await gateway.ReloadNowAsync(ct);
                NoStore(http);
                return TypedResults.Created($"/api/admin/keys/{issued.Key.Id}", issued);
            })
            .WithDescription(
                "Issues a replacement key (secret shown once) and lets the old one work for overlapMinutes more (default 1440). Like an issued "
                + "key, the replacement works at once on the replica that answered, elsewhere within Gateway:ConfigPollSeconds.");
        keys.MapPost("/{id:guid}/revoke", async (Guid id, ApiKeyService service, IGatewayReloader gateway, IAuthorizationService authorization, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await authorization.EnsureAsync(user, ApiKeyResource.Of(await service.GetAsync(id, ct)), TeamOperations.ManageOwnKey, TeamApiRefusals.KeyNotYours);
                var revoked = await service.RevokeAsync(id, user.ActorName(), ct);
                await gateway.ReloadNowAsync(ct);
                return revoked;
            })
            .WithDescription("Revokes the key: refused at once on the replica that answered, on every other replica within Gateway:ConfigPollSeconds.");
        keys.MapPut("/{id:guid}/priority", async (Guid id, ApiKeyPriorityInput input, ApiKeyService service, IGatewayReloader gateway, IAuthorizationService authorization, ClaimsPrincipal user, CancellationToken ct) =>
            {
                await authorization.EnsureAsync(user, ApiKeyResource.Of(await service.GetAsync(id, ct)), TeamOperations.ManageOwnKey, TeamApiRefusals.KeyNotYours);
                var key = await service.SetPriorityAsync(id, input.Priority, user.ActorName(), user.IsInRole(PortalRoles.Admin), ct);
                await gateway.ReloadNowAsync(ct);
                return key;
            })
            .WithDescription(
                "Sets the key's own priority class (High, Normal, Low), or clears it with null so the team's applies. Lowering is open to "
                + "whoever manages the key; only a gateway admin may set a class above the team's.");
        return api;
    }

    /// <summary>A secret must not linger in a proxy's or browser's cache.</summary>
    internal static void NoStore(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
    }
}
