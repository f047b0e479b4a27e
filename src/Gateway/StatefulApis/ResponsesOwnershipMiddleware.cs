using AiGateway.Gateway.Context;
using AiGateway.Gateway.Errors;
using AiGateway.Gateway.Requests;
using Microsoft.AspNetCore.Http;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>
/// For <c>POST /responses</c> that continues stored state (<c>previous_response_id</c> or <c>conversation</c>): finds
/// the deployment that owns it, so forwarding sends the request there and nowhere else; an unknown id, or another
/// team's, is answered 404 before any backend is asked. A new response's id is recorded by <see cref="CreatedResponseRecorder"/>.
/// </summary>
public sealed class ResponsesOwnershipMiddleware(RequestDelegate next, OwnershipDirectory owners)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var gateway = context.Gateway();
        if (gateway.Operation != GatewayOperation.Responses || !gateway.Request.Inspected.NamesStoredObject)
        {
            await next(context);
            return;
        }

        var (owner, notFound) = await owners.FindCommonOwnerAsync(RequestReferences.Read(gateway.Request.Body.Span).ObjectIds, gateway.Caller, context.RequestAborted);
        if (notFound is not null)
        {
            await GatewayErrorWriter.WriteAsync(context, StatefulErrors.NotFound(notFound));
            return;
        }

        if (owner is not null)
        {
            gateway.OwnedBy(owner);
        }

        await next(context);
    }
}
