using AiGateway.Gateway.Quotas;

namespace AiGateway.Gateway.Tests.Quotas;

/// <summary>A primary store for tests: in-process counters that can be made unreachable, counting the calls it gets.</summary>
internal sealed class SwitchableQuotaStore(TimeProvider clock) : IQuotaStore
{
    private readonly InProcessQuotaStore _inner = new(clock);
    private int _reserves;
    private int _settles;
    private int _releases;

    public bool Available { get; set; } = true;

    public int Reserves => Volatile.Read(ref _reserves);

    public int Settles => Volatile.Read(ref _settles);

    public int Releases => Volatile.Read(ref _releases);

    public ValueTask<QuotaDecision> ReserveAsync(IReadOnlyList<QuotaCounter> counters, QuotaAmount estimate, CancellationToken ct)
    {
        Interlocked.Increment(ref _reserves);
        ThrowIfUnavailable();
        return _inner.ReserveAsync(counters, estimate, ct);
    }

    public ValueTask SettleAsync(QuotaReservation reservation, QuotaAmount actual, CancellationToken ct)
    {
        Interlocked.Increment(ref _settles);
        ThrowIfUnavailable();
        return _inner.SettleAsync(reservation, actual, ct);
    }

    public ValueTask ReleaseAsync(QuotaReservation reservation, CancellationToken ct)
    {
        Interlocked.Increment(ref _releases);
        ThrowIfUnavailable();
        return _inner.ReleaseAsync(reservation, ct);
    }

    private void ThrowIfUnavailable()
    {
        if (!Available)
        {
            throw new QuotaStoreUnavailableException("switched off by the test");
        }
    }
}
