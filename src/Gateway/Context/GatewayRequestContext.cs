using AiGateway.Gateway.Authentication;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Quotas;
using AiGateway.Gateway.Requests;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Context;

/// <summary>
/// What the pipeline steps learn about one request, shared through <c>HttpContext.Features</c>. The snapshot is
/// taken once when the request arrives and used to the end. Each later fact is set once, by the step that learns
/// it, through a method named after that step; a step that reads a fact before its step ran gets an exception that
/// names the missing step, not a null.
/// </summary>
public sealed class GatewayRequestContext(
    string requestId,
    GatewaySnapshot snapshot,
    GatewaySurface surface,
    GatewayOperation operation,
    long startTimestamp,
    DateTimeOffset startedAt)
{
    private GatewayCaller? _caller;
    private ClientRequest? _request;
    private AliasEntry? _alias;
    private ForwardPlan? _forward;
    private IReadOnlyList<QuotaCounter>? _quotaCounters;
    private long? _estimatedTokens;

    public string RequestId { get; } = requestId;
    public GatewaySnapshot Snapshot { get; } = snapshot;
    public GatewaySurface Surface { get; } = surface;
    public GatewayOperation Operation { get; } = operation;
    public long StartTimestamp { get; } = startTimestamp;

    /// <summary>Wall-clock time of arrival, for the usage record.</summary>
    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>Who is calling; set by <see cref="ClientAuthenticationMiddleware"/>.</summary>
    public GatewayCaller Caller => _caller ?? throw NotYet(nameof(Caller), nameof(ClientAuthenticationMiddleware));

    public bool IsAuthenticated => _caller is not null;

    /// <summary>The client's body, read once, and what the gateway read in it; set by <see cref="RequestBodyMiddleware"/>.</summary>
    public ClientRequest Request => _request ?? throw NotYet(nameof(Request), nameof(RequestBodyMiddleware));

    /// <summary>
    /// The alias as this request is served: the alias the client called, or during a rollout the side's view of it
    /// (see <see cref="Rollout"/>). Set by <see cref="Aliases.AliasResolutionMiddleware"/>.
    /// </summary>
    public AliasEntry Alias => _alias ?? throw NotYet(nameof(Alias), nameof(Aliases.AliasResolutionMiddleware));

    public bool HasAlias => _alias is not null;

    /// <summary>The rollout in progress on the alias the client called, if any.</summary>
    public RolloutEntry? Rollout { get; private set; }

    /// <summary>The side of <see cref="Rollout"/> the caller is on.</summary>
    public RolloutSide? RolloutSide { get; private set; }

    /// <summary>What every backend gets; set by <see cref="ComplianceMiddleware"/>.</summary>
    public ForwardPlan Forward => _forward ?? throw NotYet(nameof(Forward), nameof(ComplianceMiddleware));

    /// <summary>The caller's quota standing after admission, for the <c>x-ratelimit-remaining-*</c> headers.</summary>
    public QuotaDecision? Quota { get; private set; }

    /// <summary>The attempt in flight, for YARP's transforms; set by <see cref="ForwardingMiddleware"/>.</summary>
    public GatewayAttempt? Attempt { get; private set; }

    /// <summary>How the last attempt ended; null while none has ended (no backend was tried).</summary>
    public AttemptOutcome? Outcome { get; private set; }

    /// <summary>How the attempt before the last ended: the one the request moved on from, when it was tried again elsewhere.</summary>
    public AttemptOutcome? PreviousOutcome { get; private set; }

    /// <summary>
    /// The owner of the stored object a Responses request continues (its previous response or conversation); the
    /// request goes to that deployment only. Set by <see cref="StatefulApis.ResponsesOwnershipMiddleware"/>.
    /// </summary>
    public StatefulApis.ObjectOwner? Owner { get; private set; }

    /// <summary>The tokens the request used, once worked out (see <see cref="RequestUsage"/>).</summary>
    internal RequestUsage? Usage { get; set; }

    /// <summary>What the request cost, once worked out (see <see cref="RequestCost"/>).</summary>
    internal decimal? Cost { get; set; }

    /// <summary>The quota policies that apply, worked out once (see <see cref="ApplicableQuotas"/>).</summary>
    public IReadOnlyList<QuotaCounter> QuotaCounters => _quotaCounters ??= ApplicableQuotas.Build(this);

    /// <summary>
    /// The request's tokens as Azure counts them before it runs (prompt plus the most it may generate), worked out
    /// once: capacity admission and quota admission both need it, and counting the prompt is the costly part.
    /// </summary>
    public long EstimatedTokens(int defaultOutputTokens) =>
        _estimatedTokens ??= TokenEstimator.Estimate(Request.Body.Span, Request.Inspected, ApplicableQuotas.OutputCap(QuotaCounters), defaultOutputTokens);

    public void Authenticated(GatewayCaller caller) => _caller = Once(_caller, caller, nameof(Caller));

    public void BodyRead(ClientRequest request) => _request = Once(_request, request, nameof(Request));

    public void AliasResolved(AliasEntry alias) => _alias = Once(_alias, alias, nameof(Alias));

    /// <summary>Puts the caller on a side of the alias's rollout; the rest of the path sees only that side's targets.</summary>
    public void AssignedTo(RolloutEntry rollout, RolloutSide side)
    {
        ArgumentNullException.ThrowIfNull(rollout);
        if (Rollout is not null)
        {
            throw new InvalidOperationException("The request is already assigned to a rollout side.");
        }

        Rollout = rollout;
        RolloutSide = side;
        _alias = side == Shared.Model.RolloutSide.Green ? rollout.Green : rollout.Blue;
    }

    public void Planned(ForwardPlan forward) => _forward = Once(_forward, forward, nameof(Forward));

    public void OwnedBy(StatefulApis.ObjectOwner owner) => Owner = Once(Owner, owner, nameof(Owner));

    public void Admitted(QuotaDecision decision) => Quota = Once(Quota, decision, nameof(Quota));

    /// <summary>Starts the next attempt on <paramref name="target"/>, with the body that deployment gets.</summary>
    public GatewayAttempt StartAttempt(AliasTargetEntry target, ReadOnlyMemory<byte> body, TimeSpan firstByteDeadline, Streaming.ResponseObserver observer)
    {
        var attempt = new GatewayAttempt((Attempt?.Number ?? 0) + 1, target, body, firstByteDeadline, observer);
        Attempt = attempt;
        return attempt;
    }

    public void Ended(AttemptOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        PreviousOutcome = Outcome;
        Outcome = outcome;
    }

    private static T Once<T>(T? current, T value, string name)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(value);
        return current is null ? value : throw new InvalidOperationException($"The request's {name} is already set.");
    }

    private static InvalidOperationException NotYet(string fact, string step) =>
        new($"The request's {fact} is not known yet: {step} sets it, and must run before this step.");
}
