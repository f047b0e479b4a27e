using AiGateway.Gateway.Configuration;

namespace AiGateway.Gateway.Forwarding;

/// <summary>
/// How one try of one deployment ended, classified once by <see cref="AttemptClassifier"/> and read by every
/// observer (backend health, rollout figures, the throttle log, metering), so none of them judges a status on its own.
/// </summary>
/// <param name="Number">1 for the request's first attempt.</param>
/// <param name="BackendStatus">The backend's status; null when it never answered.</param>
/// <param name="RetryAfter">The rest a throttling backend asked for, if it said.</param>
/// <param name="ContentFiltered">A content filter refused the prompt or ended a choice.</param>
/// <param name="LatencyMs">Time to the end of a successful answer; null otherwise, since a failure's speed says nothing.</param>
/// <param name="FirstTokenMs">Time to the first byte of a successful stream; null otherwise.</param>
/// <param name="Shadow">A shadow copy to a rollout's green deployment, whose answer no client sees.</param>
/// <param name="ClientGone">
/// The client went away (closed its connection, cancelled) while the attempt was in flight: an attempt cut short
/// that way says nothing about the backend.
/// </param>
public sealed record AttemptOutcome(
    AliasTargetEntry Target,
    int Number,
    AttemptResult Result,
    int? BackendStatus,
    TimeSpan? RetryAfter,
    bool ContentFiltered,
    int? LatencyMs,
    int? FirstTokenMs,
    bool Shadow = false,
    bool ClientGone = false)
{
    /// <summary>The backend's answer (or part of it) reached the client, so the request cannot move elsewhere.</summary>
    public bool Delivered => Result is AttemptResult.Succeeded or AttemptResult.ClientError or AttemptResult.Cut;

    /// <summary>Nothing reached the client and another deployment may serve the request.</summary>
    public bool MayTryAnother => !Delivered;

    /// <summary>
    /// The backend is at fault: it counts against the backend's circuit. Not when the client went away first: a
    /// load balancer's or an impatient user's disconnects would otherwise open the circuit of a healthy backend.
    /// </summary>
    public bool IsBackendFault =>
        !ClientGone && Result is AttemptResult.BackendFailed or AttemptResult.Unreachable or AttemptResult.TimedOut or AttemptResult.Cut;

    /// <summary>
    /// The status the figures, the live view and an error record count this attempt under: 504 when the backend
    /// did not answer in time, 502 when no whole answer came otherwise, 499 (nginx's "client closed request", which
    /// log tools know) when the client left before any answer.
    /// </summary>
    public int FigureStatus => Result switch
    {
        AttemptResult.Abandoned => 499,
        AttemptResult.TimedOut => 504,
        AttemptResult.Unreachable or AttemptResult.Cut => 502,
        AttemptResult.BackendFailed when BackendStatus is not >= 500 => 502,
        _ => BackendStatus ?? 502,
    };
}
