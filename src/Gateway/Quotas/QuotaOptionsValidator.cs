using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Quotas;

/// <summary>Checks <see cref="QuotaOptions"/> at start, naming each bad setting by its configuration key.</summary>
public sealed class QuotaOptionsValidator : IValidateOptions<QuotaOptions>
{
    private const string Prefix = QuotaOptions.SectionName + ":";
    private const string ConnectionString = "ConnectionStrings:" + QuotaOptions.RedisConnectionStringName;

    public ValidateOptionsResult Validate(string? name, QuotaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (!Enum.IsDefined(options.Store))
        {
            failures.Add($"{Prefix}Store must be InProcess or Redis; got {options.Store}.");
        }

        if (!Enum.IsDefined(options.RedisFailureMode))
        {
            failures.Add($"{Prefix}RedisFailureMode must be FailOpen or FailClosed; got {options.RedisFailureMode}.");
        }

        if (!(options.RedisRetrySeconds is >= 0.1 and <= 3600))
        {
            failures.Add($"{Prefix}RedisRetrySeconds must be between 0.1 and 3600; got {options.RedisRetrySeconds}.");
        }

        if (options.RedisSettleIntervalMilliseconds is < 0 or > 10_000)
        {
            failures.Add($"{Prefix}RedisSettleIntervalMilliseconds must be between 0 and 10000; got {options.RedisSettleIntervalMilliseconds}.");
        }

        if (!Enum.IsDefined(options.RedisMode))
        {
            failures.Add($"{Prefix}RedisMode must be Lease or Exact; got {options.RedisMode}.");
        }

        if (options.LeaseTargetMilliseconds is < 10 or > 10_000)
        {
            failures.Add($"{Prefix}LeaseTargetMilliseconds must be between 10 and 10000; got {options.LeaseTargetMilliseconds}.");
        }

        if (!(options.LeaseMaxShare is > 0 and <= 0.5))
        {
            failures.Add($"{Prefix}LeaseMaxShare must be more than 0 and at most 0.5; got {options.LeaseMaxShare}.");
        }

        if (options.LeaseExactBelowBlocks is < 1 or > 1_000)
        {
            failures.Add($"{Prefix}LeaseExactBelowBlocks must be between 1 and 1000; got {options.LeaseExactBelowBlocks}.");
        }

        if (!(options.LeaseIdleSeconds is >= 0.1 and <= 3600))
        {
            failures.Add($"{Prefix}LeaseIdleSeconds must be between 0.1 and 3600; got {options.LeaseIdleSeconds}.");
        }

        if (options.Store == QuotaStoreKind.Redis)
        {
            if (string.IsNullOrWhiteSpace(options.RedisConnectionString))
            {
                failures.Add($"{ConnectionString} is required when {Prefix}Store is Redis.");
            }
            else
            {
                try
                {
                    if (RedisQuotaConnection.Configure(options.RedisConnectionString).EndPoints.Count == 0)
                    {
                        failures.Add($"{ConnectionString} names no Redis server (host:port).");
                    }
                }
                catch (ArgumentException e)
                {
                    // The message names the bad option, never the string itself: it may hold a password.
                    failures.Add($"{ConnectionString} is not a valid Redis connection string: {e.Message}");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
