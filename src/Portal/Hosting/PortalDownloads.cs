using System.Text;
using AiGateway.Portal.Api;
using AiGateway.Portal.Auth;
using AiGateway.Portal.Components.Pages.Usage;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Chargeback;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiGateway.Portal.Hosting;

/// <summary>
/// Files the portal's pages link to, for signed-in people (the admin API's CSV is for admins only): each checks team
/// access on the server, exactly as the page that links to it does.
/// </summary>
public static class PortalDownloads
{
    public const string ChargebackCsvPath = "/portal/usage/chargeback.csv";

    public static IEndpointRouteBuilder MapPortalDownloads(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        endpoints.MapGet(ChargebackCsvPath, ChargebackCsvAsync).RequireAuthorization().ExcludeFromDescription();
        return endpoints;
    }

    /// <summary>
    /// The chargeback CSV for [from, to) (default the current UTC month): one team's when <c>teamId</c> is given (which
    /// the rules must let the person read, <see cref="TeamOperations.ReadUsage"/>), otherwise every team the person may see.
    /// </summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> ChargebackCsvAsync(
        string? from, string? to, string? teamId, HttpContext context, PortalAccess access, AuthenticationStateProvider authentication,
        ChargebackService chargeback, CancellationToken ct)
    {
        var errors = new ValidationErrors();
        var start = AdminQuery.Instant("from", from, errors);
        var end = AdminQuery.Instant("to", to, errors);
        var team = AdminQuery.Id("teamId", teamId, errors);
        errors.ThrowIfAny();

        // Outside a circuit nobody has told the authentication state provider who is asking; PortalAccess reads it.
        if (authentication is IHostEnvironmentAuthenticationStateProvider host)
        {
            host.SetAuthenticationState(Task.FromResult(new AuthenticationState(context.User)));
        }

        if (team is { } requested && !await access.MayAsync(requested, TeamOperations.ReadUsage))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.", detail: "You are not a member of this team.");
        }

        var teams = await access.TeamsAsync(ct);
        var report = ChargebackScope.Restrict(await chargeback.GetReportAsync(start, end, team, ct), teams);
        var body = Encoding.UTF8.GetBytes(ChargebackCsv.Write(report));
        return TypedResults.File(body, ChargebackCsv.ContentType + "; charset=utf-8", ChargebackCsv.FileName(report));
    }
}
