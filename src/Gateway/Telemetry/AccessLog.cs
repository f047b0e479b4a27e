using System.Diagnostics;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Telemetry;

/// <summary>
/// The access log: one structured line per gateway model request, at Information under
/// <see cref="CategoryName"/>, once the request has ended (a stream's last byte included). It names who called
/// (team, key prefix), what served it (alias, deployment, backend, attempts, outcome), the status, tokens and
/// timings, and the request and trace ids, never a prompt, a completion, a secret or a header.
/// </summary>
public sealed partial class AccessLog
{
    public const string CategoryName = "AiGateway.Gateway.AccessLog";

    /// <summary>The outcome of a request no backend was tried for (refused by a step, or nothing eligible).</summary>
    public const string NotForwarded = "not_forwarded";

    private readonly ILogger _logger;
    private readonly IOptionsMonitor<AccessLogOptions> _options;
    private readonly TimeProvider _clock;

    public AccessLog(ILoggerFactory loggers, IOptionsMonitor<AccessLogOptions> options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        _logger = loggers.CreateLogger(CategoryName);
        _options = options;
        _clock = clock;
    }

    /// <summary>Whether lines are wanted at all: switched on, and not filtered out by the logging configuration.</summary>
    public bool IsEnabled => _options.CurrentValue.Enabled && _logger.IsEnabled(LogLevel.Information);

    /// <param name="exception">What the pipeline threw, if it did; the exception handler answers it afterwards.</param>
    public void Write(HttpContext http, Exception? exception = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        var gateway = http.Gateway();
        var caller = gateway.IsAuthenticated ? gateway.Caller : null;
        var outcome = gateway.Outcome;
        var attempt = gateway.Attempt;
        var target = outcome?.Target;
        var usage = gateway.Usage;
        int? firstToken = attempt is not null && gateway.Request.Inspected.Stream && attempt.Observer.FirstByteTimestamp is { } first
            ? _clock.GetElapsedTime(gateway.StartTimestamp, first).WholeMilliseconds()
            : null;
        var trace = Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.TraceId.ToHexString() : null;

        Log.Request(
            _logger,
            gateway.RequestId,
            trace,
            caller?.Team.Name,
            caller?.Key?.Prefix,
            gateway.HasAlias ? gateway.Alias.Name : null,
            target?.DeploymentName,
            target?.Backend.Name,
            StatusOf(http, exception),
            usage?.PromptTokens,
            usage?.CompletionTokens,
            usage is null ? null : usage.Estimated || outcome?.Result == AttemptResult.Cut,
            _clock.GetElapsedTime(gateway.StartTimestamp).WholeMilliseconds(),
            firstToken,
            attempt?.Number ?? 0,
            outcome is null ? AccessLog.NotForwarded : MetricValues.Result(outcome.Result));
    }

    /// <summary>
    /// The status the client got: the response's, or for an exception before the response started, the one the
    /// gateway's exception handler answers with.
    /// </summary>
    private static int StatusOf(HttpContext http, Exception? exception) => exception switch
    {
        null => http.Response.StatusCode,
        _ when http.Response.HasStarted => http.Response.StatusCode,
        BadHttpRequestException unreadable => unreadable.StatusCode,
        _ => StatusCodes.Status500InternalServerError,
    };

    private static partial class Log
    {
        [LoggerMessage(
            900,
            LogLevel.Information,
            "Request {RequestId} answered {Status} ({Outcome} after {Attempts} attempts) to team {Team} key {KeyPrefix}: alias {Alias}, deployment {Deployment} at {Backend}; prompt tokens {PromptTokens}, completion tokens {CompletionTokens}, estimated {Estimated}; latency {LatencyMs} ms, first token {TimeToFirstTokenMs} ms; trace {TraceId}",
            EventName = "AccessLog",
            SkipEnabledCheck = true)]
        public static partial void Request(
            ILogger logger,
            string requestId,
            string? traceId,
            string? team,
            string? keyPrefix,
            string? alias,
            string? deployment,
            string? backend,
            int status,
            int? promptTokens,
            int? completionTokens,
            bool? estimated,
            int latencyMs,
            int? timeToFirstTokenMs,
            int attempts,
            string outcome);
    }
}
