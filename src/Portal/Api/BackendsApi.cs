using System.Security.Claims;
using AiGateway.Portal.Auth;
using AiGateway.Shared.Services.Backends;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiGateway.Portal.Api;

public static class BackendsApi
{
    public static RouteGroupBuilder MapBackendsApi(this RouteGroupBuilder admin)
    {
        var backends = admin.MapGroup("/backends").WithTags("Backends");
        backends.MapGet("/", (BackendService service, CancellationToken ct) => service.ListAsync(ct));
        backends.MapGet("/{id:guid}", (Guid id, BackendService service, CancellationToken ct) => service.GetAsync(id, ct));
        backends.MapPost("/", async Task<Created<BackendView>> (BackendInput input, BackendService service, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var backend = await service.CreateAsync(input, user.ActorName(), ct);
                return TypedResults.Created($"/api/admin/backends/{backend.Id}", backend);
            })
            .WithDescription("Registers a backend. apiKey is write-only: it is encrypted at rest and never returned.");
        backends.MapPut("/{id:guid}", (Guid id, BackendInput input, BackendService service, ClaimsPrincipal user, CancellationToken ct) =>
                service.UpdateAsync(id, input, user.ActorName(), ct))
            .WithDescription("Replaces a backend's settings; an absent apiKey keeps the stored one.");
        backends.MapDelete("/{id:guid}", async Task<NoContent> (Guid id, BackendService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await service.DeleteAsync(id, user.ActorName(), ct);
            return TypedResults.NoContent();
        });
        return admin;
    }
}
