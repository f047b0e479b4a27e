using AiGateway.Simulator.Endpoints;
using AiGateway.Simulator.Options;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Simulator.Control;

/// <summary>Guards the control endpoints with the optional <c>x-simulator-control-token</c>, compared in constant time.</summary>
internal sealed class ControlTokenEndpointFilter(IOptions<SimulatorOptions> options, ILogger<ControlTokenEndpointFilter> logger) : IEndpointFilter
{
    public const string HeaderName = "x-simulator-control-token";

    private readonly SecretMatcher? _token = options.Value.ControlToken is { Length: > 0 } token ? new SecretMatcher([token]) : null;

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (_token is not null && !_token.Matches(context.HttpContext.Request.Headers[HeaderName].ToString()))
        {
            logger.ControlTokenRejected();
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "Control token required",
                detail: $"Send the configured control token in the {HeaderName} header.");
        }

        return await next(context);
    }
}
