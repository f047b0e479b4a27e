using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Configuration;

/// <summary>
/// Refuses settings under which a request caught by a silent backend could never move to another deployment: the
/// first attempt's wait for headers would use up the retry budget.
/// </summary>
public sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var wait = Math.Min(options.FirstByteTimeoutSeconds, options.BackendTimeoutSeconds);
        return wait * 2 <= options.RetryBudgetSeconds
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(
                $"Gateway:FirstByteTimeoutSeconds ({options.FirstByteTimeoutSeconds}) and Gateway:BackendTimeoutSeconds ({options.BackendTimeoutSeconds}) "
                + $"let an attempt wait {wait} s for a silent backend, more than half of Gateway:RetryBudgetSeconds ({options.RetryBudgetSeconds}): "
                + "a request caught by one could never fail over. Lower the timeout or raise the budget.");
    }
}
