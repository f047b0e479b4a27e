using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AiGateway.Gateway.Models;

/// <summary>
/// Answers the models API (the list, or one model by its <c>model</c> route value) for the caller, authenticated
/// exactly as a model call is. It never reaches a backend and is not counted against quotas: it reads only the
/// configuration snapshot.
/// </summary>
public sealed partial class ModelListHandler(GatewaySnapshotStore snapshots, GatewayCallerAuthenticator authenticator, ILogger<ModelListHandler> logger)
{
    public const string ModelRouteValue = "model";

    public async Task HandleAsync(HttpContext context, ModelApiShape shape)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.Headers.Allow = "GET";
            await GatewayErrorWriter.WriteAsync(context, new GatewayError(
                StatusCodes.Status405MethodNotAllowed,
                $"{context.Request.Method} is not served here; the models API is read with GET.",
                "invalid_request_error",
                "method_not_allowed"));
            return;
        }

        var snapshot = snapshots.Current;
        if (!snapshot.IsLoaded)
        {
            await GatewayErrorWriter.WriteAsync(context, GatewayError.ConfigurationUnavailable);
            return;
        }

        var (caller, refusal) = await authenticator.AuthenticateAsync(context, snapshot);
        if (caller is null)
        {
            if (!ReferenceEquals(refusal, GatewayCallerAuthenticator.MissingCredential))
            {
                Log.Rejected(logger, context.TraceIdentifier);
            }

            await GatewayErrorWriter.WriteAsync(context, refusal!);
            return;
        }

        if (context.Request.RouteValues[ModelRouteValue] is not string name)
        {
            await ModelListWriter.WriteListAsync(context, ModelCatalog.Visible(snapshot, caller), shape);
            return;
        }

        if (ModelCatalog.Find(snapshot, caller, name) is { } alias)
        {
            await ModelListWriter.WriteModelAsync(context, alias, shape);
            return;
        }

        // The same answer for an alias that does not exist and one the caller may not use: a key cannot probe for names.
        await GatewayErrorWriter.WriteAsync(context, new GatewayError(
            StatusCodes.Status404NotFound,
            $"The model '{name}' does not exist on this gateway, or has no enabled deployment.",
            "invalid_request_error",
            "model_not_found",
            "model"));
    }

    private static partial class Log
    {
        [LoggerMessage(810, LogLevel.Debug, "Request {RequestId}: credential rejected on the models API")]
        public static partial void Rejected(ILogger logger, string requestId);
    }
}
