using AiGateway.Gateway.Quotas;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using static AiGateway.Gateway.Tests.Quotas.QuotaTestLimits;

namespace AiGateway.Gateway.Tests.Quotas;

public sealed class FallbackQuotaStoreTests
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(5);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 12, 12, 0, 10, TimeSpan.Zero));
    private readonly SwitchableQuotaStore _primary;
    private readonly InProcessQuotaStore _fallback;
    private readonly ListLogger<FallbackQuotaStore> _logger = new();
    private readonly FallbackQuotaStore _store;
    private readonly QuotaCounter _counter = Counter(Guid.NewGuid(), rpm: 2, tpm: 100);

    public FallbackQuotaStoreTests()
    {
        _primary = new SwitchableQuotaStore(_time);
        _fallback = new InProcessQuotaStore(_time);
        _store = new FallbackQuotaStore(_primary, _fallback, RetryDelay, _time, _logger);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReserveAsync_PrimaryAvailable_CountsOnThePrimaryOnly()
    {
        var decision = await _store.ReserveAsync([_counter], 60, Ct);
        var fallbackView = await _fallback.ReserveAsync([_counter], 0, Ct);

        Assert.True(decision.Admitted);
        Assert.Equal(1, _primary.Reserves);
        Assert.Equal(100, fallbackView.RemainingTokens);
        Assert.Empty(_logger.Entries);
    }

    [Fact]
    public async Task ReserveAsync_PrimaryUnavailable_CountsOnTheFallbackWithItsLimits()
    {
        _primary.Available = false;

        var first = await _store.ReserveAsync([_counter], 10, Ct);
        var second = await _store.ReserveAsync([_counter], 10, Ct);
        var third = await _store.ReserveAsync([_counter], 10, Ct);

        Assert.True(first.Admitted);
        Assert.True(second.Admitted);
        Assert.Equal(QuotaLimitKind.RequestsPerMinute, third.DeniedBy);
        Assert.Equal(TimeSpan.FromSeconds(50), third.RetryAfter);
        Assert.Equal(80, third.RemainingTokens);
    }

    [Fact]
    public async Task ReserveAsync_PrimaryFailedRecently_WaitsTheRetryDelayBeforeTryingItAgain()
    {
        _primary.Available = false;
        await _store.ReserveAsync([_counter], 0, Ct);
        _primary.Available = true;

        _time.Advance(RetryDelay - TimeSpan.FromMilliseconds(1));
        var resting = await _store.ReserveAsync([_counter], 0, Ct);
        var triesBeforeRetry = _primary.Reserves;
        _time.Advance(TimeSpan.FromMilliseconds(1));
        var retried = await _store.ReserveAsync([_counter], 0, Ct);

        Assert.True(resting.Admitted);
        Assert.Equal(1, triesBeforeRetry);
        Assert.True(retried.Admitted);
        Assert.Equal(2, _primary.Reserves);
        Assert.Equal(1, retried.RemainingRequests);
    }

    [Fact]
    public async Task SettleAsync_FallbackReservation_SettlesOnTheFallbackEvenOncePrimaryIsBack()
    {
        _primary.Available = false;
        var reservation = (await _store.ReserveAsync([_counter], 100, Ct)).Reservation!;
        _primary.Available = true;
        _time.Advance(RetryDelay);
        await _store.ReserveAsync([_counter], 0, Ct);

        await _store.SettleAsync(reservation, 30, Ct);
        var fallbackView = await _fallback.ReserveAsync([_counter], 0, Ct);

        Assert.Equal(0, _primary.Settles);
        Assert.Equal(70, fallbackView.RemainingTokens);
    }

    [Fact]
    public async Task ReleaseAsync_FallbackReservation_ReleasesOnTheFallback()
    {
        _primary.Available = false;
        var reservation = (await _store.ReserveAsync([_counter], 100, Ct)).Reservation!;

        await _store.ReleaseAsync(reservation, Ct);
        var fallbackView = await _fallback.ReserveAsync([_counter], 0, Ct);

        Assert.Equal(0, _primary.Releases);
        Assert.Equal(1, fallbackView.RemainingRequests);
        Assert.Equal(100, fallbackView.RemainingTokens);
    }

    [Fact]
    public async Task SettleAsync_PrimaryReservations_SettleAndReleaseOnThePrimary()
    {
        var settled = (await _store.ReserveAsync([_counter], 50, Ct)).Reservation!;
        var released = (await _store.ReserveAsync([_counter], 50, Ct)).Reservation!;

        await _store.SettleAsync(settled, 20, Ct);
        await _store.ReleaseAsync(released, Ct);
        var primaryView = await _primary.ReserveAsync([_counter], 0, Ct);

        Assert.Equal(1, _primary.Settles);
        Assert.Equal(1, _primary.Releases);
        Assert.Equal(0, primaryView.RemainingRequests);
        Assert.Equal(80, primaryView.RemainingTokens);
    }

    [Fact]
    public async Task SettleAsync_PrimaryReservationWhilePrimaryIsDown_DropsTheCorrectionWithoutThrowing()
    {
        var reservation = (await _store.ReserveAsync([_counter], 100, Ct)).Reservation!;
        _primary.Available = false;

        await _store.SettleAsync(reservation, 40, Ct);
        await _store.ReleaseAsync(reservation, Ct);

        Assert.Equal(1, _primary.Settles);
        Assert.Equal(0, _primary.Releases);
        Assert.Single(_logger.Entries);
    }

    [Fact]
    public async Task ReserveAsync_PrimaryKeepsFailing_WarnsAtMostOncePerMinuteAndReportsRecoveryOnce()
    {
        var unlimited = Counter(Guid.NewGuid());
        _primary.Available = false;

        await _store.ReserveAsync([unlimited], 0, Ct);
        for (var i = 0; i < 11; i++)
        {
            _time.Advance(RetryDelay);
            await _store.ReserveAsync([unlimited], 0, Ct);
        }

        var withinTheMinute = _logger.Entries.Count;
        _time.Advance(RetryDelay);
        await _store.ReserveAsync([unlimited], 0, Ct);
        _primary.Available = true;
        _time.Advance(RetryDelay);
        await _store.ReserveAsync([unlimited], 0, Ct);
        await _store.ReserveAsync([unlimited], 0, Ct);

        Assert.Equal(1, withinTheMinute);
        var entries = _logger.Entries;
        Assert.Equal(3, entries.Count);
        Assert.Equal((LogLevel.Warning, 600), (entries[0].Level, entries[0].Id.Id));
        Assert.Equal((LogLevel.Warning, 600), (entries[1].Level, entries[1].Id.Id));
        Assert.Contains("(12 requests counted locally", entries[1].Message, StringComparison.Ordinal);
        Assert.Equal((LogLevel.Information, 601), (entries[2].Level, entries[2].Id.Id));
        Assert.Contains("(1 requests were counted locally", entries[2].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReserveAsync_PrimaryFailsForAnotherReason_Propagates()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await _store.ReserveAsync([_counter], -1, Ct));

        Assert.Empty(_logger.Entries);
    }
}
