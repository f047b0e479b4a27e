using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Quotas;
using AiGateway.Gateway.Requests;

namespace AiGateway.Gateway.Context;

/// <summary>
/// What the pipeline steps learn about one request, shared through <c>HttpContext.Features</c>. The snapshot is
/// taken once when the request arrives and used to the end.
/// </summary>
public sealed class GatewayRequestContext(string requestId, GatewaySnapshot snapshot, GatewaySurface surface, long startTimestamp, DateTimeOffset startedAt)
{
    public string RequestId { get; } = requestId;
    public GatewaySnapshot Snapshot { get; } = snapshot;
    public GatewaySurface Surface { get; } = surface;
    public long StartTimestamp { get; } = startTimestamp;

    /// <summary>Wall-clock time of arrival, for the usage record.</summary>
    public DateTimeOffset StartedAt { get; } = startedAt;

    public GatewayOperation Operation { get; set; }
    public GatewayCaller? Caller { get; set; }

    /// <summary>The client's body, read once.</summary>
    public ReadOnlyMemory<byte> Body { get; set; }

    public InspectedRequest? Inspected { get; set; }
    public AliasEntry? Alias { get; set; }

    /// <summary>The rollout in progress on the alias the client called, if any; <see cref="Alias"/> is then the side's view.</summary>
    public RolloutEntry? Rollout { get; set; }

    public Shared.Model.RolloutSide? RolloutSide { get; set; }

    /// <summary>The body as every deployment gets it, before its own model name is written in (v1 shape).</summary>
    public ReadOnlyMemory<byte> ForwardBody { get; set; }

    /// <summary>True when the gateway asked the backend for the stream's usage chunk and must hide it from the client.</summary>
    public bool HidesUsageChunk { get; set; }

    public int? ClampedMaxTokens { get; set; }
    public GatewayAttempt? Attempt { get; set; }
    public int Attempts { get; set; }

    /// <summary>The quota policies that apply (see <see cref="ApplicableQuotas"/>).</summary>
    public IReadOnlyList<Quotas.QuotaCounter>? QuotaCounters { get; set; }

    /// <summary>The caller's quota standing after admission, for the <c>x-ratelimit-remaining-*</c> headers.</summary>
    public Quotas.QuotaDecision? Quota { get; set; }

    /// <summary>The tokens the request used, once its answer has been delivered (see <see cref="RequestUsage"/>).</summary>
    public RequestUsage? Usage { get; set; }
}
