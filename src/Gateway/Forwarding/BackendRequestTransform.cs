using AiGateway.Gateway.Context;
using Yarp.ReverseProxy.Transforms;

namespace AiGateway.Gateway.Forwarding;

/// <summary>
/// YARP's request transform: the attempt in flight goes to its deployment, built by <see cref="BackendRequestFactory"/>,
/// with the attempt's body sent in one write by <see cref="BufferedBodyHandler"/>.
/// </summary>
public sealed class BackendRequestTransform(BackendRequestFactory requests)
{
    public async ValueTask ApplyAsync(RequestTransformContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var gateway = context.HttpContext.Gateway();
        var attempt = gateway.Attempt ?? throw new InvalidOperationException("YARP forwarded a gateway request with no attempt in flight.");
        context.ProxyRequest.Options.Set(BufferedBodyHandler.Body, attempt.Body);
        context.ProxyRequest.Options.Set(FirstByteDeadlineHandler.Deadline, attempt.FirstByteDeadline);
        await requests.PrepareAsync(context.ProxyRequest, attempt.Target, gateway.Operation, context.HttpContext.Request.Query, context.CancellationToken);
    }
}
