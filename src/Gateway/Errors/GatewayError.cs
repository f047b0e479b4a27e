namespace AiGateway.Gateway.Errors;

/// <summary>
/// An answer the gateway gives itself, in the OpenAI error shape every SDK parses:
/// <c>{"error":{"message":"...","type":"...","param":...,"code":"..."}}</c>.
/// </summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Message">What is wrong, in words a developer can act on.</param>
/// <param name="Type">OpenAI's error type, e.g. <c>invalid_request_error</c>.</param>
/// <param name="Code">A stable machine-readable code, e.g. <c>model_not_found</c>.</param>
/// <param name="Param">The request field at fault, when there is one.</param>
public sealed record GatewayError(int Status, string Message, string Type, string? Code = null, string? Param = null)
{
    /// <summary>When the client should try again (429), or null.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>False where retrying cannot help, so SDKs do not retry in storms (<c>x-should-retry: false</c>).</summary>
    public bool ShouldRetry { get; init; }

    /// <summary>The answer before the first configuration snapshot has loaded.</summary>
    public static readonly GatewayError ConfigurationUnavailable = new(
        503, "The gateway has not loaded its configuration yet; try again shortly.", "server_error", "configuration_unavailable")
    {
        RetryAfter = TimeSpan.FromSeconds(2),
        ShouldRetry = true,
    };

    public static GatewayError InvalidRequest(string message, string? param = null, string code = "invalid_request") =>
        new(400, message, "invalid_request_error", code, param);
}
