using System.Security.Claims;
using AiGateway.Portal.Auth;
using AiGateway.Shared.Services.Aliases;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiGateway.Portal.Api;

public static class AliasesApi
{
    public static RouteGroupBuilder MapAliasesApi(this RouteGroupBuilder admin)
    {
        var aliases = admin.MapGroup("/aliases").WithTags("Aliases");
        aliases.MapGet("/", (AliasService service, CancellationToken ct) => service.ListAsync(ct));
        aliases.MapGet("/{id:guid}", (Guid id, AliasService service, CancellationToken ct) => service.GetAsync(id, ct));
        aliases.MapPost("/", async Task<Created<AliasView>> (AliasInput input, AliasService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var alias = await service.CreateAsync(input, user.ActorName(), ct);
            return TypedResults.Created($"/api/admin/aliases/{alias.Id}", alias);
        });
        aliases.MapPut("/{id:guid}", (Guid id, AliasInput input, AliasService service, ClaimsPrincipal user, CancellationToken ct) =>
                service.UpdateAsync(id, input, user.ActorName(), ct))
            .WithDescription("Replaces the alias's settings and its whole list of weighted targets.");
        aliases.MapDelete("/{id:guid}", async Task<NoContent> (Guid id, AliasService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await service.DeleteAsync(id, user.ActorName(), ct);
            return TypedResults.NoContent();
        });
        return admin;
    }
}
