using System.Security.Claims;
using AiGateway.Portal.Auth;
using AiGateway.Shared.Services.Backends;
using AiGateway.Shared.Services.Pricing;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiGateway.Portal.Api;

public static class DeploymentsApi
{
    public static RouteGroupBuilder MapDeploymentsApi(this RouteGroupBuilder admin)
    {
        var deployments = admin.MapGroup("/deployments").WithTags("Deployments");
        deployments.MapGet("/", (Guid? backendId, DeploymentService service, CancellationToken ct) => service.ListAsync(backendId, ct));
        deployments.MapGet("/{id:guid}", (Guid id, DeploymentService service, CancellationToken ct) => service.GetAsync(id, ct));
        deployments.MapPost("/", async Task<Created<DeploymentView>> (DeploymentInput input, DeploymentService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var deployment = await service.CreateAsync(input, user.ActorName(), ct);
            return TypedResults.Created($"/api/admin/deployments/{deployment.Id}", deployment);
        });
        deployments.MapPut("/{id:guid}", (Guid id, DeploymentInput input, DeploymentService service, ClaimsPrincipal user, CancellationToken ct) =>
            service.UpdateAsync(id, input, user.ActorName(), ct));
        deployments.MapDelete("/{id:guid}", async Task<NoContent> (Guid id, DeploymentService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await service.DeleteAsync(id, user.ActorName(), ct);
            return TypedResults.NoContent();
        });

        // The price table: versions are added and, while still scheduled, removed; one in force is never changed.
        var prices = deployments.MapGroup("/{id:guid}/prices");
        prices.MapGet("/", (Guid id, DeploymentPriceService service, CancellationToken ct) => service.ListAsync(id, ct));
        prices.MapPost("/", async Task<Created<DeploymentPriceView>> (Guid id, DeploymentPriceInput input, DeploymentPriceService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var price = await service.AddAsync(id, input, user.ActorName(), ct);
            return TypedResults.Created($"/api/admin/deployments/{id}/prices/{price.Id}", price);
        });
        prices.MapDelete("/{priceId:guid}", async Task<NoContent> (Guid id, Guid priceId, DeploymentPriceService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await service.DeleteAsync(id, priceId, user.ActorName(), ct);
            return TypedResults.NoContent();
        });
        return admin;
    }
}
