using AiGateway.Gateway.Quotas;

namespace AiGateway.Gateway.Tests.Quotas;

public sealed class QuotaOptionsValidatorTests
{
    private static readonly QuotaOptionsValidator Validator = new();

    [Fact]
    public void Validate_Defaults_SucceedsWithTheInProcessStoreFailingOpen()
    {
        var options = new QuotaOptions();

        var result = Validator.Validate(null, options);

        Assert.True(result.Succeeded);
        Assert.Equal(QuotaStoreKind.InProcess, options.Store);
        Assert.Equal(QuotaFailureMode.FailOpen, options.RedisFailureMode);
        Assert.Equal(5, options.RedisRetrySeconds);
        Assert.Equal(100, options.RedisSettleIntervalMilliseconds);
        Assert.Null(options.RedisConnectionString);
        Assert.Equal(QuotaRedisMode.Lease, options.RedisMode);
        Assert.Equal(200, options.LeaseTargetMilliseconds);
        Assert.Equal(0.1, options.LeaseMaxShare);
        Assert.Equal(4, options.LeaseExactBelowBlocks);
        Assert.Equal(5, options.LeaseIdleSeconds);
    }

    [Theory]
    [InlineData("RedisMode", "Quotas:RedisMode must be Lease or Exact; got 7.")]
    [InlineData("LeaseTargetMilliseconds", "Quotas:LeaseTargetMilliseconds must be between 10 and 10000; got 5.")]
    [InlineData("LeaseMaxShare", "Quotas:LeaseMaxShare must be more than 0 and at most 0.5; got 0.")]
    [InlineData("LeaseMaxShare2", "Quotas:LeaseMaxShare must be more than 0 and at most 0.5; got 0.6.")]
    [InlineData("LeaseExactBelowBlocks", "Quotas:LeaseExactBelowBlocks must be between 1 and 1000; got 0.")]
    [InlineData("LeaseIdleSeconds", "Quotas:LeaseIdleSeconds must be between 0.1 and 3600; got 0.")]
    public void Validate_LeaseSettingOutOfRange_FailsNamingIt(string setting, string expected)
    {
        var options = new QuotaOptions();
        switch (setting)
        {
            case "RedisMode": options.RedisMode = (QuotaRedisMode)7; break;
            case "LeaseTargetMilliseconds": options.LeaseTargetMilliseconds = 5; break;
            case "LeaseMaxShare": options.LeaseMaxShare = 0; break;
            case "LeaseMaxShare2": options.LeaseMaxShare = 0.6; break;
            case "LeaseExactBelowBlocks": options.LeaseExactBelowBlocks = 0; break;
            default: options.LeaseIdleSeconds = 0; break;
        }

        var result = Validator.Validate(null, options);

        Assert.Equal(expected, Assert.Single(result.Failures!));
    }

    [Fact]
    public void Validate_RedisWithConnectionString_Succeeds()
    {
        var options = new QuotaOptions { Store = QuotaStoreKind.Redis, RedisConnectionString = "redis.internal:6380,password=secret,ssl=true" };

        Assert.True(Validator.Validate(null, options).Succeeded);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Validate_RedisWithoutConnectionString_FailsNamingConnectionStringsRedis(string? connectionString)
    {
        var options = new QuotaOptions { Store = QuotaStoreKind.Redis, RedisConnectionString = connectionString };

        var result = Validator.Validate(null, options);

        Assert.Equal("ConnectionStrings:Redis is required when Quotas:Store is Redis.", Assert.Single(result.Failures!));
    }

    [Theory]
    [InlineData("password=secret")]
    [InlineData("127.0.0.1:6379,passwrod=secret")]
    public void Validate_MalformedConnectionString_FailsNamingTheSettingWithoutItsValue(string connectionString)
    {
        var options = new QuotaOptions { Store = QuotaStoreKind.Redis, RedisConnectionString = connectionString };

        var result = Validator.Validate(null, options);

        var failure = Assert.Single(result.Failures!);
        Assert.StartsWith("ConnectionStrings:Redis ", failure, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_InProcessWithoutConnectionString_Succeeds()
    {
        Assert.True(Validator.Validate(null, new QuotaOptions { RedisFailureMode = QuotaFailureMode.FailClosed }).Succeeded);
    }

    [Fact]
    public void Validate_BadSettings_FailsNamingEach()
    {
        var options = new QuotaOptions { Store = (QuotaStoreKind)5, RedisFailureMode = (QuotaFailureMode)9, RedisRetrySeconds = 0, RedisSettleIntervalMilliseconds = -1 };

        var failures = Validator.Validate(null, options).Failures!.ToList();

        Assert.Contains("Quotas:Store must be InProcess or Redis; got 5.", failures);
        Assert.Contains("Quotas:RedisFailureMode must be FailOpen or FailClosed; got 9.", failures);
        Assert.Contains("Quotas:RedisRetrySeconds must be between 0.1 and 3600; got 0.", failures);
        Assert.Contains("Quotas:RedisSettleIntervalMilliseconds must be between 0 and 10000; got -1.", failures);
        Assert.Equal(4, failures.Count);
    }
}
