using AiGateway.Gateway.Context;
using AiGateway.Gateway.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AiGateway.Gateway.Authentication;

/// <summary>
/// Authenticates the caller (see <see cref="GatewayCallerAuthenticator"/>) and refuses the request with 401 when
/// there is none.
/// </summary>
public sealed partial class ClientAuthenticationMiddleware(
    RequestDelegate next,
    GatewayCallerAuthenticator authenticator,
    ILogger<ClientAuthenticationMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var gateway = context.Gateway();
        var (caller, refusal) = await authenticator.AuthenticateAsync(context, gateway.Snapshot);
        if (caller is null)
        {
            if (!ReferenceEquals(refusal, GatewayCallerAuthenticator.MissingCredential))
            {
                Log.Rejected(logger, gateway.RequestId);
            }

            await GatewayErrorWriter.WriteAsync(context, refusal!);
            return;
        }

        gateway.Authenticated(caller);
        await next(context);
    }

    private static partial class Log
    {
        [LoggerMessage(100, LogLevel.Debug, "Request {RequestId}: credential rejected")]
        public static partial void Rejected(ILogger logger, string requestId);
    }
}
