using System.Globalization;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Quotas;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace AiGateway.Gateway.Capacity;

/// <summary>
/// Shares every replica's use of each deployment's minute through Redis, when the gateway has Redis
/// (<c>ConnectionStrings:Redis</c>): every <c>Capacity:SyncMilliseconds</c> a replica adds what it took since the last
/// time to one counter per deployment and minute, and takes the cluster's total back into its own view, so each
/// replica admits, and its queue waits, on the capacity the whole cluster has left. Off the request path: admission
/// stays a local step, and the cluster's view lags by at most one interval.
/// </summary>
public sealed partial class RedisCapacitySync(
    IServiceProvider services,
    CapacityTracker tracker,
    IOptions<QuotaOptions> quotaOptions,
    IOptions<CapacityOptions> options,
    TimeProvider clock,
    ILogger<RedisCapacitySync> logger) : BackgroundService
{
    /// <summary>One hash tag for every capacity key, so one script may touch them all on a Redis Cluster too.</summary>
    public const string KeyRoot = "aigw:cap:{cap}:";

    // Adds each deployment's deltas (ARGV: requests, tokens, pairwise) to its minute's hash and returns the totals.
    private const string AddAndRead = """
        local out = {}
        for i, key in ipairs(KEYS) do
          out[2 * i - 1] = redis.call('HINCRBY', key, 'r', ARGV[2 * i - 1])
          out[2 * i] = redis.call('HINCRBY', key, 't', ARGV[2 * i])
          redis.call('PEXPIRE', key, 120000)
        end
        return out
        """;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.SyncMilliseconds;
        if (interval <= 0 || string.IsNullOrWhiteSpace(quotaOptions.Value.RedisConnectionString))
        {
            return;
        }

        var redis = services.GetRequiredService<IConnectionMultiplexer>();
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(interval), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SyncOnceAsync(redis.GetDatabase());
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                Log.SyncFailed(logger, e);
            }
        }
    }

    /// <summary>Shares this replica's takes and takes in the cluster's totals, once.</summary>
    public async Task SyncOnceAsync(IDatabaseAsync redis)
    {
        ArgumentNullException.ThrowIfNull(redis);
        var minute = CapacityMinute.Of(clock.GetUtcNow());
        // Every deployment the configuration routes to, not only those this replica has used: its first request to
        // one must already see what the other replicas took.
        if (services.GetService<GatewaySnapshotStore>()?.Current is { } snapshot)
        {
            foreach (var alias in snapshot.Aliases.Values)
            {
                foreach (var target in alias.Targets)
                {
                    tracker.For(target.DeploymentId);
                }
            }
        }

        var deployments = tracker.Deployments.ToList();
        if (deployments.Count == 0)
        {
            return;
        }

        var keys = new RedisKey[deployments.Count];
        var values = new RedisValue[deployments.Count * 2];
        var taken = new (long Requests, long Tokens)[deployments.Count];
        for (var i = 0; i < deployments.Count; i++)
        {
            keys[i] = Key(deployments[i].DeploymentId, minute);
            taken[i] = deployments[i].TakeUnshared(minute);
            values[2 * i] = taken[i].Requests;
            values[(2 * i) + 1] = taken[i].Tokens;
        }

        RedisResult result;
        try
        {
            result = await redis.ScriptEvaluateAsync(AddAndRead, keys, values);
        }
        catch
        {
            for (var i = 0; i < deployments.Count; i++)
            {
                deployments[i].ReturnUnshared(minute, taken[i].Requests, taken[i].Tokens);
            }

            throw;
        }

        var totals = (RedisResult[])result!;
        for (var i = 0; i < deployments.Count; i++)
        {
            deployments[i].ApplyShared(minute, (long)totals[2 * i], (long)totals[(2 * i) + 1]);
        }

        // The counts only rise here, which frees nothing; but the minute may have turned since the queues last looked.
        tracker.Nudge();
    }

    public static string Key(Guid deploymentId, long minute) =>
        string.Create(CultureInfo.InvariantCulture, $"{KeyRoot}{deploymentId:N}:{minute}");

    private static partial class Log
    {
        [LoggerMessage(1401, LogLevel.Warning, "Sharing capacity counts through Redis failed; each replica counts on its own until it works again")]
        public static partial void SyncFailed(ILogger logger, Exception exception);
    }
}
