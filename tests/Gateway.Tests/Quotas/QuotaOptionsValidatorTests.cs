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
