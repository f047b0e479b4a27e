namespace AiGateway.Gateway.Quotas;

/// <summary>
/// The counters behind quota policies. Every call is atomic over all the counters it names: a reservation either
/// takes its request and tokens from every applicable limit or from none, so concurrent requests (on any number of
/// replicas, for a shared store) can never overspend a limit by more than one request's estimate.
/// </summary>
public interface IQuotaStore
{
    /// <summary>
    /// Checks every counter's limits for one more request and <paramref name="estimate"/> (tokens, and cost for the
    /// cost budgets) and, if all allow it, takes them from all of them in the same step.
    /// </summary>
    ValueTask<QuotaDecision> ReserveAsync(IReadOnlyList<QuotaCounter> counters, QuotaAmount estimate, CancellationToken ct);

    /// <summary>Replaces the reserved tokens and cost with the real ones, in the windows the reservation was taken from.</summary>
    ValueTask SettleAsync(QuotaReservation reservation, QuotaAmount actual, CancellationToken ct);

    /// <summary>Gives back the request, its tokens and its cost: the request never reached a model backend.</summary>
    ValueTask ReleaseAsync(QuotaReservation reservation, CancellationToken ct);
}
