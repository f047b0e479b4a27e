namespace AiGateway.Gateway.Forwarding;

/// <summary>How one try of one deployment ended.</summary>
public enum AttemptResult
{
    /// <summary>The backend answered with success, and the whole answer went to the client.</summary>
    Succeeded,

    /// <summary>The backend refused the client's request itself (a content filter, a bad parameter): the client's answer.</summary>
    ClientError,

    /// <summary>The deployment answered 429 before anything reached the client: rest it, try another.</summary>
    Throttled,

    /// <summary>
    /// The backend answered that it cannot serve now (5xx, 408) or refused the gateway's own credential or
    /// deployment name (401, 403, 404) before anything reached the client: try another.
    /// </summary>
    BackendFailed,

    /// <summary>No answer at all: a connect error or a reset before the response headers.</summary>
    Unreachable,

    /// <summary>The backend sent no response headers within the attempt's deadline.</summary>
    TimedOut,

    /// <summary>The backend's answer had started reaching the client and then failed or ended early.</summary>
    Cut,

    /// <summary>
    /// The client left before the backend answered (its own timeout, a closed connection): nobody saw an answer, and
    /// the backend is not judged by it, since a client's patience says nothing about the backend's health.
    /// </summary>
    Abandoned,
}
