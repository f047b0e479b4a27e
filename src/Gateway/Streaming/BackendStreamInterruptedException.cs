namespace AiGateway.Gateway.Streaming;

/// <summary>
/// Thrown by the gateway after a backend's stream was cut and the client has had the error event, to end the
/// client's response as failed: without the last chunk of a chunked body (HTTP/1.1) or with a stream reset
/// (HTTP/2), so no client mistakes it for a whole answer.
/// </summary>
/// <remarks>
/// An exception is how Kestrel ends a started response as failed <em>after</em> sending every byte already written.
/// <see cref="Microsoft.AspNetCore.Http.HttpContext.Abort"/> resets the connection at once and can drop the error
/// event still on its way out.
/// </remarks>
public sealed class BackendStreamInterruptedException(string requestId, string backend, Exception? cause)
    : IOException($"Request {requestId}: backend {backend} closed the stream before it finished; the client's response was ended as failed.", cause);
