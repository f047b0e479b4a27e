using System.Security.Claims;
using System.Text;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Chargeback;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace AiGateway.Portal.Api;

public static class ChargebackApi
{
    public static RouteGroupBuilder MapChargebackApi(this RouteGroupBuilder admin)
    {
        admin.MapGet("/chargeback", async Task<Results<Ok<ChargebackReport>, FileContentHttpResult>> (
                string? from, string? to, string? teamId, string? format, HttpRequest request, ChargebackService service, IAuthorizationService authorization,
                ClaimsPrincipal user, CancellationToken ct) =>
            {
                var errors = new ValidationErrors();
                var start = AdminQuery.Instant("from", from, errors);
                var end = AdminQuery.Instant("to", to, errors);
                var team = AdminQuery.Id("teamId", teamId, errors);
                var csv = WantsCsv(format, request, errors);
                errors.ThrowIfAny();
                await UsageAccess.EnsureMayReadAsync(authorization, user, team);

                var report = await service.GetReportAsync(start, end, team, ct);
                if (!csv)
                {
                    return TypedResults.Ok(report);
                }

                // File() with a download name answers Content-Disposition: attachment.
                var body = Encoding.UTF8.GetBytes(ChargebackCsv.Write(report));
                return TypedResults.File(body, ChargebackCsv.ContentType + "; charset=utf-8", ChargebackCsv.FileName(report));
            })
            .WithTags("Chargeback")
            .WithDescription(
                "What each team owes for [from, to) (ISO 8601; default the current UTC month, at most 366 days), optionally for one team: " +
                "per alias and deployment, requests, tokens, their cost at per-token prices, and a share of each deployment's fixed monthly cost " +
                "prorated to the period and split by token share. Everyone but an admin names their team with teamId. format=csv (or Accept: text/csv) downloads one row per team, alias and deployment.")
            .Produces(StatusCodes.Status200OK, contentType: ChargebackCsv.ContentType)
            .ProducesValidationProblem();
        return admin;
    }

    private static bool WantsCsv(string? format, HttpRequest request, ValidationErrors errors)
    {
        if (!string.IsNullOrWhiteSpace(format))
        {
            if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }

            if (!string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add("format", "'format' must be json or csv.");
            }

            return false;
        }

        return request.GetTypedHeaders().Accept.Any(a => a.MediaType.Equals(ChargebackCsv.ContentType, StringComparison.OrdinalIgnoreCase) && a.Quality is not 0);
    }
}
