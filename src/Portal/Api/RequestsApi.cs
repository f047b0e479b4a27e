using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Explorer;
using AiGateway.Shared.Services.Requests;

namespace AiGateway.Portal.Api;

public static class RequestsApi
{
    public static RouteGroupBuilder MapRequestsApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/requests", (
                string? requestId, string? status, [AsParameters] ExplorerParameters filters, RequestExplorerService service, CancellationToken ct) =>
            {
                var errors = new ValidationErrors();
                var query = filters.ApplyTo(
                    new RequestQuery
                    {
                        RequestId = requestId,
                        Status = StatusFilter.TryParse(status, out _) ? status : Invalid(errors, "status", StatusFilter.Help),
                    },
                    errors);
                errors.ThrowIfAny();
                return service.SearchAsync(query, visibleTeams: null, ct);
            })
            .WithTags("Requests")
            .WithDescription(
                "Usage records of every replica, newest first: search by request id, team, key (id, prefix or name), alias and status (a code such as 429 or a class such as 5xx) "
                + "over [from, to) or the last 'hours' (default 1, at most 168). Page with skip and take (at most 500), passing the first page's 'to' back. Never prompts or completions.")
            .ProducesValidationProblem();
        return admin;
    }

    private static string? Invalid(ValidationErrors errors, string field, string message)
    {
        errors.Add(field, message);
        return null;
    }
}
