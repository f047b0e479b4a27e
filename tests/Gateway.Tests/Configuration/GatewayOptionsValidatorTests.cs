using AiGateway.Gateway.Configuration;

namespace AiGateway.Gateway.Tests.Configuration;

public sealed class GatewayOptionsValidatorTests
{
    private readonly GatewayOptionsValidator _validator = new();

    [Fact]
    public void Defaults_LeaveTimeForAnotherAttempt() =>
        Assert.True(_validator.Validate(null, new GatewayOptions()).Succeeded);

    [Theory]
    [InlineData(31, 100, 60)]
    [InlineData(30, 100, 59)]
    public void AnAttemptThatCouldUseUpTheRetryBudget_IsRefusedAtStart(double firstByte, double backend, double budget)
    {
        var result = _validator.Validate(null, new GatewayOptions { FirstByteTimeoutSeconds = firstByte, BackendTimeoutSeconds = backend, RetryBudgetSeconds = budget });

        Assert.True(result.Failed);
        Assert.Contains("Gateway:FirstByteTimeoutSeconds", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("Gateway:RetryBudgetSeconds", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void AShortIdleTimeout_AlsoBoundsTheWaitForHeaders()
    {
        var options = new GatewayOptions { FirstByteTimeoutSeconds = 120, BackendTimeoutSeconds = 10, RetryBudgetSeconds = 60 };

        Assert.True(_validator.Validate(null, options).Succeeded);
    }
}
