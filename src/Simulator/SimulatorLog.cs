using AiGateway.Simulator.Faults;
using Microsoft.Extensions.Logging;

namespace AiGateway.Simulator;

/// <summary>
/// Every log line of the simulator, source-generated. Lines carry the request id and deployment name, never
/// prompt or completion text, never a key.
/// </summary>
internal static partial class SimulatorLog
{
    [LoggerMessage(1, LogLevel.Information, "Request {RequestId} refused with 401: missing or unknown api key")]
    public static partial void KeyRejected(this ILogger logger, string requestId);

    [LoggerMessage(2, LogLevel.Information, "Request {RequestId} refused with 404: no deployment named {Deployment}")]
    public static partial void DeploymentNotFound(this ILogger logger, string requestId, string deployment);

    [LoggerMessage(3, LogLevel.Information, "Request {RequestId} to {Deployment} throttled ({Reason}); retry after {RetryAfterMs} ms")]
    public static partial void Throttled(this ILogger logger, string requestId, string deployment, string reason, long retryAfterMs);

    [LoggerMessage(4, LogLevel.Information, "Request {RequestId} to {Deployment}: injected fault {Fault}")]
    public static partial void FaultInjected(this ILogger logger, string requestId, string deployment, FaultOutcome fault);

    [LoggerMessage(5, LogLevel.Information, "Request {RequestId} to {Deployment}: stream cut after {Frames} frames")]
    public static partial void StreamCut(this ILogger logger, string requestId, string deployment, int frames);

    [LoggerMessage(6, LogLevel.Debug, "Request {RequestId} to {Deployment}: client went away before the answer was complete")]
    public static partial void ClientAborted(this ILogger logger, string requestId, string deployment);

    [LoggerMessage(7, LogLevel.Debug, "Request {RequestId} refused with 400: {Problem}")]
    public static partial void BadRequest(this ILogger logger, string requestId, string problem);

    [LoggerMessage(8, LogLevel.Debug, "Request {RequestId} to {Deployment} served: {PromptTokens} prompt and {CompletionTokens} completion tokens")]
    public static partial void Served(this ILogger logger, string requestId, string deployment, int promptTokens, int completionTokens);

    [LoggerMessage(9, LogLevel.Information, "Simulator configuration changed at run time ({Deployments} deployment entries in the change)")]
    public static partial void ConfigChanged(this ILogger logger, int deployments);

    [LoggerMessage(10, LogLevel.Information, "Simulator counters, rate windows and fault sequences reset")]
    public static partial void StateReset(this ILogger logger);

    [LoggerMessage(11, LogLevel.Warning, "Simulator control request refused: missing or wrong control token")]
    public static partial void ControlTokenRejected(this ILogger logger);
}
