using AiGateway.Simulator.Limits;
using Microsoft.Extensions.Time.Testing;

namespace AiGateway.Simulator.Tests.Limits;

public sealed class SlidingWindowLimiterTests
{
    [Fact]
    public void TryAdmit_TokensFreedByOldestCharges_RetryAfterIsWhenEnoughLeave()
    {
        var time = new FakeTimeProvider();
        var limiter = new SlidingWindowLimiter(time);

        Assert.True(limiter.TryAdmit(100, 0, 30).Admitted);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(limiter.TryAdmit(100, 0, 30).Admitted);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.True(limiter.TryAdmit(100, 0, 30).Admitted);

        // 90 used; 70 more needs the first two charges (60 tokens) gone: at t=65 s, 55 s from now.
        var refused = limiter.TryAdmit(100, 0, 70);

        Assert.False(refused.Admitted);
        Assert.True(refused.TokenLimitHit);
        Assert.Equal(TimeSpan.FromSeconds(55), refused.RetryAfter);
        Assert.Equal(10, refused.RemainingTokens);
    }

    [Fact]
    public void TryAdmit_RequestLargerThanBudget_IsAdmittedIntoAnEmptyWindow()
    {
        var limiter = new SlidingWindowLimiter(new FakeTimeProvider());

        var decision = limiter.TryAdmit(100, 0, 5000);

        Assert.True(decision.Admitted);
        Assert.Equal(0, decision.RemainingTokens);
    }

    [Fact]
    public void Clear_AfterLimitReached_AdmitsAgain()
    {
        var limiter = new SlidingWindowLimiter(new FakeTimeProvider());
        Assert.True(limiter.TryAdmit(0, 1, 1).Admitted);
        Assert.False(limiter.TryAdmit(0, 1, 1).Admitted);

        limiter.Clear();

        Assert.True(limiter.TryAdmit(0, 1, 1).Admitted);
    }

    [Fact]
    public async Task TryAdmit_ConcurrentCallers_NeverAdmitMoreThanTheLimit()
    {
        var limiter = new SlidingWindowLimiter(new FakeTimeProvider());
        var admitted = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                if (limiter.TryAdmit(0, 1000, 1).Admitted)
                {
                    Interlocked.Increment(ref admitted);
                }
            }
        }, TestContext.Current.CancellationToken)));

        Assert.Equal(1000, admitted);
    }
}
