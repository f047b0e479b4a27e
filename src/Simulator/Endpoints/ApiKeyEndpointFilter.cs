using AiGateway.Simulator.Options;
using AiGateway.Simulator.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace AiGateway.Simulator.Endpoints;

/// <summary>
/// Wraps every model endpoint: stamps the request ids, checks the api key (the simulator registers no
/// authentication scheme, since the host owns those), and counts the final status per deployment.
/// </summary>
internal sealed class ApiKeyEndpointFilter(IOptions<SimulatorOptions> options, SimulatorState state, ILogger<ApiKeyEndpointFilter> logger)
    : IEndpointFilter
{
    private readonly SecretMatcher _keys = new(options.Value.ApiKeys);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var requestId = Guid.NewGuid().ToString();
        var call = new SimulatorCall(requestId);
        http.Features.Set(call);
        http.Response.Headers["x-request-id"] = requestId;
        http.Response.Headers["apim-request-id"] = requestId;

        if (!IsAuthorized(http.Request))
        {
            logger.KeyRejected(requestId);
            state.Unrouted.RecordStatus(StatusCodes.Status401Unauthorized);
            await OpenAIErrors.WriteUnauthorizedAsync(http);
            return Results.Empty;
        }

        object? result = Results.Empty;
        var aborted = false;
        try
        {
            result = await next(context);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (or a hang fault held the request until it did): nothing left to answer.
            aborted = true;
            logger.ClientAborted(requestId, call.Deployment?.Name ?? "-");
        }
        catch (IOException) when (http.RequestAborted.IsCancellationRequested)
        {
            aborted = true;
            logger.ClientAborted(requestId, call.Deployment?.Name ?? "-");
        }

        var stats = call.Deployment?.Stats ?? state.Unrouted;
        stats.RecordStatus(aborted ? DeploymentStats.ClientClosedRequest : http.Response.StatusCode);
        return aborted ? Results.Empty : result;
    }

    private bool IsAuthorized(HttpRequest request)
    {
        var key = request.Headers["api-key"].ToString();
        if (key.Length == 0)
        {
            var authorization = request.Headers[HeaderNames.Authorization].ToString();
            if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                key = authorization["Bearer ".Length..].Trim();
            }
        }

        if (key.Length == 0)
        {
            return false;
        }

        return _keys.IsEmpty || _keys.Matches(key);
    }
}
