using AiGateway.Gateway.Requests;

namespace AiGateway.Gateway.Tests.Requests;

public sealed class ComplianceOptionsValidatorTests
{
    private static readonly ComplianceOptionsValidator Validator = new();

    [Fact]
    public void Validate_Defaults_Succeeds()
    {
        var options = new ComplianceOptions();

        var result = Validator.Validate(null, options);

        Assert.True(result.Succeeded);
        Assert.Equal(4 * 1024 * 1024, options.MaxRequestBodyBytes);
        Assert.Equal(8, options.MaxN);
        Assert.Equal(8, options.MaxBestOf);
        Assert.Empty(options.DisallowedParameters);
        Assert.Equal(MaxTokensMode.Clamp, options.Mode);
    }

    [Fact]
    public void Validate_BadSettings_FailsNamingEach()
    {
        var options = new ComplianceOptions
        {
            MaxRequestBodyBytes = 0,
            MaxN = 0,
            MaxBestOf = -1,
            Mode = (MaxTokensMode)7,
            DisallowedParameters = ["tools", " ", "messages"],
        };

        var result = Validator.Validate(null, options);

        Assert.True(result.Failed);
        var failures = result.Failures!.ToList();
        Assert.Contains("Gateway:Compliance:MaxRequestBodyBytes must be at least 1; got 0.", failures);
        Assert.Contains("Gateway:Compliance:MaxN must be at least 1; got 0.", failures);
        Assert.Contains("Gateway:Compliance:MaxBestOf must be at least 1; got -1.", failures);
        Assert.Contains("Gateway:Compliance:Mode must be Clamp or Reject; got 7.", failures);
        Assert.Contains(failures, f => f.StartsWith("Gateway:Compliance:DisallowedParameters:1 ", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Gateway:Compliance:DisallowedParameters:2 is 'messages'", StringComparison.Ordinal));
        Assert.Equal(6, failures.Count);
    }

    [Fact]
    public void Validate_BodyLimitBeyondAnArray_Fails()
    {
        var result = Validator.Validate(null, new ComplianceOptions { MaxRequestBodyBytes = long.MaxValue });

        Assert.True(result.Failed);
        Assert.StartsWith("Gateway:Compliance:MaxRequestBodyBytes must be at most ", result.FailureMessage, StringComparison.Ordinal);
    }
}
