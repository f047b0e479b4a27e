using AiGateway.Gateway.Capacity;

namespace AiGateway.Gateway.Tests.Capacity;

public sealed class CapacityMinuteTests
{
    [Fact]
    public void UntilNext_OnTheBoundary_IsAWholeMinute_NeverZero()
    {
        var boundary = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromMinutes(1), CapacityMinute.UntilNext(boundary));
        Assert.Equal(TimeSpan.FromMilliseconds(1), CapacityMinute.UntilNext(boundary.AddMilliseconds(59_999)));
        Assert.Equal(CapacityMinute.Of(boundary) + 1, CapacityMinute.Of(boundary.AddMinutes(1)));
    }
}
