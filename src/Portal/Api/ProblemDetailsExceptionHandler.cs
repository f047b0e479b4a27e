using System.Text.Json;
using AiGateway.Gateway.Context;
using AiGateway.Portal.Auth;
using AiGateway.Shared.Data;
using AiGateway.Shared.Services;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace AiGateway.Portal.Api;

/// <summary>
/// Turns the application services' rule violations, and requests the framework could not read, into RFC 7807 answers
/// that say what is wrong, so a client's mistake is never a 500; and a database that cannot be reached into a 503
/// with <c>Retry-After</c>, so automation waits and retries an outage rather than reporting a server bug.
/// </summary>
public sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>What a 503 for an unreachable database asks the caller to wait before retrying.</summary>
    public static readonly TimeSpan DatabaseRetryAfter = TimeSpan.FromSeconds(5);

    public const string DatabaseUnreachableTitle = "The database cannot be reached.";

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
            _ when DatabaseUnreachable.Is(exception) => DatabaseUnavailable(httpContext, exception),
            _ => null,
        };
        if (problem is null)
        {
            return false;
        }

        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private ProblemDetails DatabaseUnavailable(HttpContext httpContext, Exception exception)
    {
        // The outage is the operator's news, not each caller's: the message only, the stack trace says nothing new.
        Log.DatabaseUnreachable(logger, httpContext.Request.Method, httpContext.Request.Path.Value ?? "", exception.GetBaseException().Message);
        httpContext.Response.Headers.RetryAfter = ((int)DatabaseRetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new ProblemDetails
        {
            Status = StatusCodes.Status503ServiceUnavailable,
            Title = DatabaseUnreachableTitle,
            Detail = "The management API cannot reach its database right now. Try again shortly; a change sent now may not have been saved, so check before repeating it.",
        };
    }

    private static string DescribeBadRequest(BadHttpRequestException e) => e.InnerException switch
    {
        // The serializer names the path and position of the fault; that is what a client needs to fix its JSON.
        JsonException json => $"The body is not valid JSON for this operation: {json.Message}",
        _ => e.Message,
    };

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "{Method} {Path}: the database cannot be reached, answered 503: {Reason}")]
        public static partial void DatabaseUnreachable(ILogger logger, string method, string path, string reason);
    }
}
