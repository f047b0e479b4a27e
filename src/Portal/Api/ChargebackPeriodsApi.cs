using System.Security.Claims;
using AiGateway.Portal.Auth;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Chargeback;
using AiGateway.Shared.Services.Usage;

namespace AiGateway.Portal.Api;

/// <summary>Chargeback periods (UTC days): which are closed, and the admin's re-open and close, both audited.</summary>
public static class ChargebackPeriodsApi
{
    public static RouteGroupBuilder MapChargebackPeriodsApi(this RouteGroupBuilder admin)
    {
        var periods = admin.MapGroup("/chargeback/periods").WithTags("Chargeback");
        periods.MapGet("/", (string? from, string? to, ChargebackPeriodService service, TimeProvider clock, CancellationToken ct) =>
            {
                var errors = new ValidationErrors();
                var start = AdminQuery.Day("from", from, errors);
                var end = AdminQuery.Day("to", to, errors);
                errors.ThrowIfAny();
                var month = ReportPeriod.MonthOf(clock.GetUtcNow());
                return service.ListAsync(start ?? UtcDay.DateOf(month.From), end ?? (start ?? UtcDay.DateOf(month.From)).AddMonths(1), ct);
            })
            .WithDescription("The state of each UTC day in [from, to) (yyyy-MM-dd; default the current month; days to come are left out): Open, Closed or Reopened, with who closed or re-opened it, when and why.")
            .ProducesValidationProblem();
        periods.MapPost("/{day}/reopen", (string day, ReopenDayInput? input, ChargebackPeriodService service, ClaimsPrincipal user, CancellationToken ct) =>
                service.ReopenAsync(Day(day), input?.Reason, user.ActorName(), ct))
            .WithDescription("Re-opens a closed day (body {\"reason\":\"...\"}, required): reports compute its fixed costs on the fly again until it is closed. Audited.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        periods.MapPost("/{day}/close", (string day, ChargebackPeriodService service, ClaimsPrincipal user, CancellationToken ct) =>
                service.CloseAsync(Day(day), user.ActorName(), ct))
            .WithDescription("Closes a day that has ended now: its fixed costs are allocated again and stored. 409 when it is already closed. Audited.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict);
        return admin;
    }

    private static DateOnly Day(string value)
    {
        var errors = new ValidationErrors();
        var day = AdminQuery.Day("day", value, errors);
        errors.ThrowIfAny();
        return day!.Value;
    }
}
