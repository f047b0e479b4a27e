using System.ComponentModel.DataAnnotations;
using AiGateway.Gateway.Forwarding;

namespace AiGateway.Gateway.Configuration;

/// <summary>Settings under <c>Gateway</c>.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "Gateway";

    /// <summary><c>Gateway:ConfigPollSeconds</c>: how often each replica checks the configuration version.</summary>
    [Range(0.05, 3600)]
    public double ConfigPollSeconds { get; set; } = 2;

    /// <summary><c>Gateway:StaleAfterSeconds</c>: /readyz reports the snapshot stale when the database has not answered for this long.</summary>
    [Range(1, 86400)]
    public double StaleAfterSeconds { get; set; } = 30;

    /// <summary>
    /// <c>Gateway:KeyUseFlushSeconds</c>: how often each replica stores its keys' "last used" times (and once more on
    /// graceful shutdown); they are kept to the minute, so more often buys nothing.
    /// </summary>
    [Range(1, 3600)]
    public double KeyUseFlushSeconds { get; set; } = 60;

    /// <summary><c>Gateway:DefaultApiVersion</c>: the api-version sent to Azure OpenAI backends that name none.</summary>
    [Required]
    public string DefaultApiVersion { get; set; } = "2024-10-21";

    /// <summary>
    /// <c>Gateway:DefaultOutputTokensEstimate</c>: the output tokens reserved against quotas for a request that names
    /// no limit when the caller has no cap either; the reservation is corrected to the real count afterwards.
    /// </summary>
    [Range(1, 1_000_000)]
    public int DefaultOutputTokensEstimate { get; set; } = 1024;

    /// <summary><c>Gateway:ExplainHeaders</c>: add headers naming the deployment, backend and attempts that served a request.</summary>
    public bool ExplainHeaders { get; set; }

    /// <summary>
    /// <c>Gateway:ForwardedHeaders</c>: forwarding headers the gateway writes for backends (none by default); those a
    /// client sent are always dropped. Read when the proxy configuration is built.
    /// </summary>
    public ForwardedHeadersMode ForwardedHeaders { get; set; }

    /// <summary><c>Gateway:MaxAttempts</c>: backends tried for one request before giving up.</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary><c>Gateway:RetryBudgetSeconds</c>: no new attempt starts after this long since the request was first forwarded (a wait in the capacity queue does not count).</summary>
    [Range(1, 600)]
    public double RetryBudgetSeconds { get; set; } = 60;

    /// <summary>
    /// <c>Gateway:FirstByteTimeoutSeconds</c>: a backend that has not sent its response headers this long after an
    /// attempt started has failed, and the request moves to another deployment. For a request that is not streamed the
    /// headers come with the whole answer, so this bounds its generation too; an alias may set its own.
    /// </summary>
    [Range(0.05, 600)]
    public double FirstByteTimeoutSeconds { get; set; } = 30;

    /// <summary><c>Gateway:BackendTimeoutSeconds</c>: a backend silent for this long (before its headers, or between bytes mid-stream) has failed.</summary>
    [Range(0.05, 3600)]
    public double BackendTimeoutSeconds { get; set; } = 100;

    /// <summary><c>Gateway:DefaultThrottleSeconds</c>: how long a backend that answered 429 rests when it said not (or said nonsense).</summary>
    [Range(0.1, 600)]
    public double DefaultThrottleSeconds { get; set; } = 10;

    /// <summary><c>Gateway:MaxThrottleSeconds</c>: the longest rest a backend's retry-after may impose.</summary>
    [Range(1, 3600)]
    public double MaxThrottleSeconds { get; set; } = 300;

    /// <summary><c>Gateway:CircuitFailureThreshold</c>: consecutive failures (5xx, timeouts, connect errors) that open a backend's circuit.</summary>
    [Range(1, 100)]
    public int CircuitFailureThreshold { get; set; } = 3;

    /// <summary><c>Gateway:CircuitBreakSeconds</c>: how long an open circuit rests before one probe request is let through.</summary>
    [Range(0.1, 3600)]
    public double CircuitBreakSeconds { get; set; } = 30;
}
