using System.Net;
using AiGateway.Gateway.Forwarding;

namespace AiGateway.Gateway.Tests.Forwarding;

public sealed class BackendResponseTransformTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ReadRetryAfter_RetryAfterMs_ReturnsItPrecisely()
    {
        using var response = Throttled(("retry-after-ms", "1500.5"));

        Assert.Equal(TimeSpan.FromMilliseconds(1500.5), BackendResponseTransform.ReadRetryAfter(response, Now));
    }

    [Fact]
    public void ReadRetryAfter_BothHeaders_PrefersRetryAfterMs()
    {
        using var response = Throttled(("retry-after-ms", "250"), ("retry-after", "30"));

        Assert.Equal(TimeSpan.FromMilliseconds(250), BackendResponseTransform.ReadRetryAfter(response, Now));
    }

    [Fact]
    public void ReadRetryAfter_RetryAfterSeconds_ReturnsThem()
    {
        using var response = Throttled(("retry-after", "12"));

        Assert.Equal(TimeSpan.FromSeconds(12), BackendResponseTransform.ReadRetryAfter(response, Now));
    }

    [Fact]
    public void ReadRetryAfter_RetryAfterDateInFuture_ReturnsTimeUntilIt()
    {
        using var response = Throttled(("retry-after", Now.AddSeconds(90).ToString("R")));

        Assert.Equal(TimeSpan.FromSeconds(90), BackendResponseTransform.ReadRetryAfter(response, Now));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("soon")]
    [InlineData("1.5")]
    [InlineData("")]
    public void ReadRetryAfter_RetryAfterNotPositiveSeconds_ReturnsNull(string value)
    {
        using var response = Throttled(("retry-after", value));

        Assert.Null(BackendResponseTransform.ReadRetryAfter(response, Now));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-30)]
    public void ReadRetryAfter_RetryAfterDateNowOrPast_ReturnsNull(int offsetSeconds)
    {
        using var response = Throttled(("retry-after", Now.AddSeconds(offsetSeconds).ToString("R")));

        Assert.Null(BackendResponseTransform.ReadRetryAfter(response, Now));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-100")]
    [InlineData("abc")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("")]
    public void ReadRetryAfter_RetryAfterMsUnusable_FallsBackToRetryAfter(string value)
    {
        using var response = Throttled(("retry-after-ms", value), ("retry-after", "7"));

        Assert.Equal(TimeSpan.FromSeconds(7), BackendResponseTransform.ReadRetryAfter(response, Now));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-100")]
    [InlineData("abc")]
    public void ReadRetryAfter_RetryAfterMsUnusableAndNoRetryAfter_ReturnsNull(string value)
    {
        using var response = Throttled(("retry-after-ms", value));

        Assert.Null(BackendResponseTransform.ReadRetryAfter(response, Now));
    }

    [Fact]
    public void ReadRetryAfter_NoHeaders_ReturnsNull()
    {
        using var response = Throttled();

        Assert.Null(BackendResponseTransform.ReadRetryAfter(response, Now));
    }

    [Theory]
    [InlineData("1e20")]
    [InlineData("1.7976931348623157E+308")]
    public void ReadRetryAfter_RetryAfterMsBeyondTimeSpanRange_SaturatesInsteadOfThrowing(string value)
    {
        using var response = Throttled(("retry-after-ms", value));

        Assert.Equal(TimeSpan.MaxValue, BackendResponseTransform.ReadRetryAfter(response, Now));
    }

    private static HttpResponseMessage Throttled(params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }
}
