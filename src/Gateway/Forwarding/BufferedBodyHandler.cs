namespace AiGateway.Gateway.Forwarding;

/// <summary>
/// Sends a request body the gateway already holds in memory with its headers, in one write, instead of through
/// YARP's streaming copy.
/// </summary>
/// <remarks>
/// YARP copies a request body from the client as it arrives and flushes the headers before the first byte of it, so
/// that duplex protocols such as gRPC can start. The gateway reads and checks every body before it forwards it, so
/// none of that applies here, and the flush cost a second send and a second packet per request, which the backend
/// also woke up for. A request whose transform put its body in <see cref="Body"/> gets that body as buffered content:
/// the HTTP client writes headers and body together when they fit its write buffer. YARP refuses a content replaced in
/// a transform, so the swap happens here, in the forwarder's handler chain (<see cref="GatewayForwarderHttpClientFactory"/>);
/// requests without the option pass through untouched, and still read the body from the attempt's request stream.
/// </remarks>
public sealed class BufferedBodyHandler(HttpMessageHandler inner) : DelegatingHandler(inner)
{
    /// <summary>The body to send, set by <see cref="BackendRequestTransform"/> for each attempt.</summary>
    public static readonly HttpRequestOptionsKey<ReadOnlyMemory<byte>> Body = new("AiGateway.BufferedBody");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is { } streamed && request.Options.TryGetValue(Body, out var body))
        {
            var buffered = new ReadOnlyMemoryContent(body);
            foreach (var header in streamed.Headers.NonValidated)
            {
                // The length is the buffer's own; everything else (type, encoding) is the client's, as YARP copied it.
                if (!string.Equals(header.Key, "Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    buffered.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }

            request.Content = buffered;
        }

        return base.SendAsync(request, cancellationToken);
    }
}
