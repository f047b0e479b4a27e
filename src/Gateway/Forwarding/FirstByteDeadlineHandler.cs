namespace AiGateway.Gateway.Forwarding;

/// <summary>
/// Gives up on an attempt whose backend has not sent its response headers within the attempt's deadline, so the
/// request can move to another deployment while there is still time: a backend that accepts the connection and
/// never answers would otherwise hold the request until the much longer idle timeout.
/// </summary>
/// <remarks>
/// The deadline covers the response headers only. Once they arrive the response is the client's, and a slow stream
/// is the idle timeout's business (YARP's activity timeout, <c>Gateway:BackendTimeoutSeconds</c>). YARP has no
/// per-request headers timeout, so this sits in its client chain (<see cref="GatewayForwarderHttpClientFactory"/>),
/// on the injected clock, and fails the send with a <see cref="TimeoutException"/> that forwarding classifies.
/// </remarks>
public sealed class FirstByteDeadlineHandler(HttpMessageHandler inner, TimeProvider clock) : DelegatingHandler(inner)
{
    /// <summary>The attempt's deadline, set by <see cref="BackendRequestTransform"/>.</summary>
    public static readonly HttpRequestOptionsKey<TimeSpan> Deadline = new("AiGateway.FirstByteDeadline");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(Deadline, out var deadline))
        {
            return await base.SendAsync(request, cancellationToken);
        }

        using var expiry = new CancellationTokenSource(deadline, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, expiry.Token);
        try
        {
            return await base.SendAsync(request, linked.Token);
        }
        catch (OperationCanceledException) when (expiry.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The backend sent no response headers within {deadline.TotalSeconds:0.###} s.");
        }
    }
}
