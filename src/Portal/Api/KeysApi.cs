using System.Security.Claims;
using AiGateway.Gateway.Configuration;
using AiGateway.Portal.Auth;
using AiGateway.Shared.Services.Keys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiGateway.Portal.Api;

public static class KeysApi
{
    public static RouteGroupBuilder MapKeysApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/teams/{teamId:guid}/keys", (Guid teamId, ApiKeyService service, CancellationToken ct) => service.ListAsync(teamId, ct))
            .WithTags("Keys");
        admin.MapPost("/teams/{teamId:guid}/keys", async Task<Created<IssuedApiKey>> (Guid teamId, ApiKeyInput input, ApiKeyService service, IGatewayReloader gateway, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
            {
                var issued = await service.IssueAsync(teamId, input, user.ActorName(), ct: ct);
                await gateway.ReloadNowAsync(ct);
                NoStore(http);
                return TypedResults.Created($"/api/admin/keys/{issued.Key.Id}", issued);
            })
            .WithTags("Keys")
            .WithDescription(
                "Issues a key. The answer holds its secret, the only time it is ever shown; store it now. The key works at once on the replica "
                + "that answered, and on every other replica within Gateway:ConfigPollSeconds.");

        var keys = admin.MapGroup("/keys").WithTags("Keys");
        keys.MapGet("/{id:guid}", (Guid id, ApiKeyService service, CancellationToken ct) => service.GetAsync(id, ct));
        keys.MapPost("/{id:guid}/rotate", async Task<Created<IssuedApiKey>> (Guid id, RotateApiKeyInput? input, ApiKeyService service, IGatewayReloader gateway, ClaimsPrincipal user, HttpContext http, CancellationToken ct) =>
            {
                var issued = await service.RotateAsync(id, input ?? new RotateApiKeyInput(), user.ActorName(), ct);
                await gateway.ReloadNowAsync(ct);
                NoStore(http);
                return TypedResults.Created($"/api/admin/keys/{issued.Key.Id}", issued);
            })
            .WithDescription(
                "Issues a replacement key (secret shown once) and lets the old one work for overlapMinutes more (default 1440). Like an issued "
                + "key, the replacement works at once on the replica that answered, elsewhere within Gateway:ConfigPollSeconds.");
        keys.MapPost("/{id:guid}/revoke", async (Guid id, ApiKeyService service, IGatewayReloader gateway, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var revoked = await service.RevokeAsync(id, user.ActorName(), ct);
                await gateway.ReloadNowAsync(ct);
                return revoked;
            })
            .WithDescription("Revokes the key: refused at once on the replica that answered, on every other replica within Gateway:ConfigPollSeconds.");
        return admin;
    }

    /// <summary>A secret must not linger in a proxy's or browser's cache.</summary>
    private static void NoStore(HttpContext http)
    {
        http.Response.Headers.CacheControl = "no-store";
        http.Response.Headers.Pragma = "no-cache";
    }
}
