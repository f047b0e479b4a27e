using AiGateway.Shared.Model;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Explorer;
using AiGateway.Shared.Services.Throttling;

namespace AiGateway.Portal.Api;

public static class ThrottleEventsApi
{
    public static RouteGroupBuilder MapThrottleEventsApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/throttle-events", (
                string? kind, [AsParameters] ExplorerParameters filters, ThrottleExplorerService service, CancellationToken ct) =>
            {
                var errors = new ValidationErrors();
                var query = filters.ApplyTo(new ThrottleEventQuery { Kind = AdminQuery.Name<ThrottleEventKind>("kind", kind, errors) }, errors);
                errors.ThrowIfAny();
                return service.SearchAsync(query, visibleTeams: null, ct);
            })
            .WithTags("Throttling")
            .WithDescription(
                "Quota refusals and backend throttles of every replica, newest first, with the limit, policy, deployment and retry-after: filter by team, key (id, prefix or name), "
                + "alias and kind (QuotaRefusal or BackendThrottle) over [from, to) or the last 'hours' (default 1, at most 168). Page with skip and take (at most 500).")
            .ProducesValidationProblem();
        return admin;
    }
}
