using System.Security.Claims;
using AiGateway.Portal.Auth;
using AiGateway.Shared.Services.Quotas;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiGateway.Portal.Api;

public static class QuotaPoliciesApi
{
    public static RouteGroupBuilder MapQuotaPoliciesApi(this RouteGroupBuilder admin)
    {
        var policies = admin.MapGroup("/quota-policies").WithTags("Quota policies");
        policies.MapGet("/", (Guid? teamId, QuotaPolicyService service, CancellationToken ct) => service.ListAsync(teamId, ct));
        policies.MapGet("/{id:guid}", (Guid id, QuotaPolicyService service, CancellationToken ct) => service.GetAsync(id, ct));
        policies.MapPost("/", async Task<Created<QuotaPolicyView>> (QuotaPolicyInput input, QuotaPolicyService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            var policy = await service.CreateAsync(input, user.ActorName(), ct);
            return TypedResults.Created($"/api/admin/quota-policies/{policy.Id}", policy);
        });
        policies.MapPut("/{id:guid}", (Guid id, QuotaPolicyInput input, QuotaPolicyService service, ClaimsPrincipal user, CancellationToken ct) =>
            service.UpdateAsync(id, input, user.ActorName(), ct));
        policies.MapDelete("/{id:guid}", async Task<NoContent> (Guid id, QuotaPolicyService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await service.DeleteAsync(id, user.ActorName(), ct);
            return TypedResults.NoContent();
        });
        return admin;
    }
}
