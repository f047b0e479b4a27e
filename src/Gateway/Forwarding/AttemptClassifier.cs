using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Streaming;

namespace AiGateway.Gateway.Forwarding;

/// <summary>
/// The one judgement of how an attempt ended, used by forwarding and by shadow copies alike: which statuses mean
/// the backend cannot serve (try another), which are the client's own answer, what counts as content-filtered,
/// and which timings are worth keeping.
/// </summary>
public sealed class AttemptClassifier(TimeProvider clock)
{
    /// <summary>
    /// Whether a backend status means this backend cannot serve now, so the answer is held back and another
    /// deployment tried: throttles, server errors, timeouts, and a refused or unknown deployment (the gateway's
    /// credential or configuration is wrong there, not the client's request).
    /// </summary>
    public static bool MayTryAnother(int status) => ResultOf(status) is AttemptResult.Throttled or AttemptResult.BackendFailed;

    /// <param name="backendStatus">The backend's status, or null when it never answered.</param>
    /// <param name="observer">What was seen of the answer's body on its way to the reader.</param>
    /// <param name="started"><see cref="TimeProvider.GetTimestamp"/> when the attempt was sent.</param>
    /// <param name="timedOut">With no status: the backend did not answer within the attempt's deadline.</param>
    /// <param name="abandoned">With no status: the client left before the backend answered.</param>
    /// <param name="clientGone">The client went away while the attempt was in flight, answered or not (see <see cref="AttemptOutcome.ClientGone"/>).</param>
    public AttemptOutcome Classify(
        AliasTargetEntry target,
        int number,
        int? backendStatus,
        TimeSpan? retryAfter,
        ResponseObserver observer,
        bool stream,
        long started,
        bool timedOut = false,
        bool abandoned = false,
        bool clientGone = false)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(observer);
        var result = backendStatus is { } status ? ResultOf(status)
            : timedOut ? AttemptResult.TimedOut
            : abandoned ? AttemptResult.Abandoned
            : AttemptResult.Unreachable;
        if (observer.Cut && result is AttemptResult.Succeeded or AttemptResult.ClientError)
        {
            result = AttemptResult.Cut;
        }

        var succeeded = result == AttemptResult.Succeeded;
        // Azure's prompt filter refuses with 400; its completion filter ends a choice with finish_reason content_filter.
        var filtered = observer.ContentFiltered || (result == AttemptResult.ClientError && backendStatus == 400);
        int? latency = succeeded ? clock.GetElapsedTime(started).WholeMilliseconds() : null;
        int? firstToken = succeeded && stream && observer.FirstByteTimestamp is { } first
            ? clock.GetElapsedTime(started, first).WholeMilliseconds()
            : null;
        return new AttemptOutcome(
            target, number, result, backendStatus, result == AttemptResult.Throttled ? retryAfter : null, filtered, latency, firstToken,
            ClientGone: clientGone || result == AttemptResult.Abandoned);
    }

    /// <summary>
    /// An attempt that ended in an exception rather than an answer (a fault in the gateway or the transport while it
    /// was in flight): no status, nothing known of the answer, so it is counted as unreachable, or as abandoned when
    /// the client had already left.
    /// </summary>
    public static AttemptOutcome Unfinished(AliasTargetEntry target, int number, bool clientLeft) => new(
        target, number, clientLeft ? AttemptResult.Abandoned : AttemptResult.Unreachable, BackendStatus: null, RetryAfter: null,
        ContentFiltered: false, LatencyMs: null, FirstTokenMs: null, ClientGone: clientLeft);

    private static AttemptResult ResultOf(int status) => status switch
    {
        429 => AttemptResult.Throttled,
        >= 500 or 408 or 401 or 403 or 404 => AttemptResult.BackendFailed,
        >= 400 => AttemptResult.ClientError,
        _ => AttemptResult.Succeeded,
    };
}
