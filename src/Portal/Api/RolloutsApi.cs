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
            .WithDescription("Blue and green side by side over the current step, summed over every replica (at most one `Rollouts:TickSeconds` old), with the guards' verdict; `idle` and `notes` say when a side has had no requests in the step, and why.");
        rollouts.MapPost("/", async Task<Created<RolloutView>> (RolloutInput input, RolloutService service, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var rollout = await service.CreateAsync(input, user.ActorName(), ct);
                return TypedResults.Created($"/api/admin/rollouts/{rollout.Id}", rollout);
            })
            .WithDescription("Creates a rollout of an alias to a green deployment (pending unless `start` is true). Green replaces one alias target, `fromDeploymentId` (required when the alias has several targets of green's model), in its tier and weight. A step ends only when the guards have judged it, unless `advanceUnjudged` is true; one not judged within `maxStepSeconds` is paused. `assignment` splits by client (`PerClient`, sticky) or by request (`PerRequest`).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        rollouts.MapPost("/{id:guid}/start", (Guid id, RolloutService service, ClaimsPrincipal user, CancellationToken ct) =>
            service.StartAsync(id, user.ActorName(), ct: ct));
        rollouts.MapPost("/{id:guid}/advance", async (Guid id, RolloutService service, RolloutFiguresStore figures, ClaimsPrincipal user, CancellationToken ct) =>
                await service.AdvanceAsync(id, user.ActorName(), await figures.NoteAsync(id, "Advanced by hand.", ct), ct))
            .WithDescription("Moves to the next step now; from the last step (or a blue-green warm-up) this promotes.");
        rollouts.MapPost("/{id:guid}/pause", async (Guid id, RolloutService service, RolloutFiguresStore figures, ClaimsPrincipal user, CancellationToken ct) =>
                await service.PauseAsync(id, user.ActorName(), await figures.NoteAsync(id, "Paused by hand.", ct), ct));
        rollouts.MapPost("/{id:guid}/resume", async (Guid id, RolloutService service, RolloutFiguresStore figures, ClaimsPrincipal user, CancellationToken ct) =>
                await service.ResumeAsync(id, user.ActorName(), await figures.NoteAsync(id, "Resumed.", ct), ct));
        rollouts.MapPost("/{id:guid}/rollback", async (Guid id, RolloutService service, RolloutFiguresStore figures, ClaimsPrincipal user, CancellationToken ct) =>
                await service.RollBackAsync(id, user.ActorName(), await figures.NoteAsync(id, "Rolled back by hand.", ct), ct));
        rollouts.MapPost("/{id:guid}/promote", async (Guid id, RolloutService service, RolloutFiguresStore figures, ClaimsPrincipal user, CancellationToken ct) =>
                await service.PromoteAsync(id, user.ActorName(), await figures.NoteAsync(id, "Promoted by hand.", ct), ct))
            .WithDescription("Puts green in the place of the target it replaces now, leaving the alias's other targets as they are.");
        rollouts.MapPost("/{id:guid}/cancel", (Guid id, RolloutService service, ClaimsPrincipal user, CancellationToken ct) =>
            service.CancelAsync(id, user.ActorName(), ct: ct));
        return admin;
    }
}
