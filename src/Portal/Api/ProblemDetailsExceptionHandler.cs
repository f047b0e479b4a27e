using System.Text.Json;
using AiGateway.Gateway.Context;
using AiGateway.Portal.Auth;
using AiGateway.Shared.Services;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace AiGateway.Portal.Api;

/// <summary>
/// Turns the application services' rule violations, and requests the framework could not read, into RFC 7807 answers
/// that say what is wrong, so a client's mistake is never a 500.
/// </summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        // Model clients parse only the OpenAI error shape; the gateway's own handler answers them.
        if (GatewayPaths.IsGatewayPath(httpContext.Request.Path.Value, out _))
        {
            return false;
        }

        ProblemDetails? problem = exception switch
        {
            RequestValidationException e => new HttpValidationProblemDetails(e.Errors.ToDictionary(x => x.Key, x => x.Value))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "The request is not valid.",
            },
            AccessDeniedException e => new ProblemDetails { Status = StatusCodes.Status403Forbidden, Title = "Forbidden.", Detail = e.Message },
            EntityNotFoundException e => new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "Not found.", Detail = e.Message },
            EntityConflictException e => new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = "Conflict.", Detail = e.Message },
            BadHttpRequestException e => new ProblemDetails
            {
                Status = e.StatusCode,
                Title = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request could not be read.",
                Detail = DescribeBadRequest(e),
            },
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private static string DescribeBadRequest(BadHttpRequestException e) => e.InnerException switch
    {
        // The serializer names the path and position of the fault; that is what a client needs to fix its JSON.
        JsonException json => $"The body is not valid JSON for this operation: {json.Message}",
        _ => e.Message,
    };
}
