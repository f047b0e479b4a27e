using AiGateway.Gateway.Errors;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>The gateway's own answers on stateful calls, in the OpenAI error shape.</summary>
public static class StatefulErrors
{
    /// <summary>How long a client waits before trying an owner that did not answer, when its circuit does not say.</summary>
    public static readonly TimeSpan DefaultOwnerRetry = TimeSpan.FromSeconds(5);

    /// <summary>Unknown, expired, or another team's: the same answer, so ids leak nothing.</summary>
    public static GatewayError NotFound(string objectId) => new(
        404, $"No object with id '{objectId}' was found.", "invalid_request_error", "not_found", null);

    public static GatewayError OwnerUnavailable(TimeSpan retryAfter) => new(
        503,
        "The deployment that stores this object is not answering; only it knows the object, so the request was not sent elsewhere. Try again later.",
        "server_error",
        "owner_unavailable")
    {
        RetryAfter = retryAfter,
        ShouldRetry = true,
    };

    /// <summary>
    /// The object's deployment is outside the regions the team may now use (its regions changed after the object was
    /// made): residency holds, and no other deployment knows the object.
    /// </summary>
    public static readonly GatewayError OwnerOutsideRegions = new(
        503,
        "The deployment that stores this object is outside the regions this team may use, so the gateway does not send the request there; no other deployment knows the object.",
        "server_error",
        "no_deployment_in_allowed_regions")
    {
        ShouldRetry = false,
    };

    public static readonly GatewayError NoDeployment = new(
        400,
        "No model alias is available to this key to create the object; name one in 'model' or ask an admin for Gateway:Stateful:DefaultAlias.",
        "invalid_request_error",
        "no_deployment");

    public static GatewayError TooLarge(long limit) => new(
        413, $"The request body is larger than this gateway accepts ({limit} bytes).", "invalid_request_error", "request_too_large");
}
