using System.Security.Claims;
using AiGateway.Gateway.Rollouts;
using AiGateway.Portal.Auth;
using AiGateway.Shared.Services.Rollouts;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiGateway.Portal.Api;

public static class RolloutsApi
{
    public static RouteGroupBuilder MapRolloutsApi(this RouteGroupBuilder admin)
    {
        var rollouts = admin.MapGroup("/rollouts").WithTags("Rollouts");
        rollouts.MapGet("/", (Guid? aliasId, RolloutService service, CancellationToken ct) => service.ListAsync(aliasId, ct))
            .WithDescription("Every rollout, newest first, with its history; `?aliasId=` narrows to one alias.");
        rollouts.MapGet("/{id:guid}", (Guid id, RolloutService service, CancellationToken ct) => service.GetAsync(id, ct));
        rollouts.MapGet("/{id:guid}/figures", async (Guid id, RolloutService service, RolloutFiguresStore figures, CancellationToken ct) =>
                await figures.CompareAsync(await service.GetAsync(id, ct), ct))
            .WithDescription("Blue and green side by side over the current step, summed over every replica (at most one `Rollouts:TickSeconds` old), with the guards' verdict.");
        rollouts.MapPost("/", async Task<Created<RolloutView>> (RolloutInput input, RolloutService service, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var rollout = await service.CreateAsync(input, user.ActorName(), ct);
                return TypedResults.Created($"/api/admin/rollouts/{rollout.Id}", rollout);
            })
            .WithDescription("Creates a rollout of an alias to a green deployment (pending unless `start` is true).");
        rollouts.MapPost("/{id:guid}/start", (Guid id, RolloutService service, ClaimsPrincipal user, CancellationToken ct) =>
            service.StartAsync(id, user.ActorName(), ct: ct));
        rollouts.MapPost("/{id:guid}/advance", (Guid id, RolloutService service, ClaimsPrincipal user, CancellationToken ct) =>
                service.AdvanceAsync(id, user.ActorName(), ct: ct))
            .WithDescription("Moves to the next step now; from the last step (or a blue-green warm-up) this promotes.");
        rollouts.MapPost("/{id:guid}/pause", (Guid id, RolloutService service, ClaimsPrincipal user, CancellationToken ct) =>
            service.PauseAsync(id, user.ActorName(), ct: ct));
        rollouts.MapPost("/{id:guid}/resume", (Guid id, RolloutService service, ClaimsPrincipal user, CancellationToken ct) =>
            service.ResumeAsync(id, user.ActorName(), ct: ct));
        rollouts.MapPost("/{id:guid}/rollback", (Guid id, RolloutService service, ClaimsPrincipal user, CancellationToken ct) =>
            service.RollBackAsync(id, user.ActorName(), ct: ct));
        rollouts.MapPost("/{id:guid}/promote", (Guid id, RolloutService service, ClaimsPrincipal user, CancellationToken ct) =>
                service.PromoteAsync(id, user.ActorName(), ct: ct))
            .WithDescription("Makes green the alias's only target now.");
        rollouts.MapPost("/{id:guid}/cancel", (Guid id, RolloutService service, ClaimsPrincipal user, CancellationToken ct) =>
            service.CancelAsync(id, user.ActorName(), ct: ct));
        return admin;
    }
}
