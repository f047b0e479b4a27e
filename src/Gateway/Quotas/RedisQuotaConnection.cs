using StackExchange.Redis;

namespace AiGateway.Gateway.Quotas;

/// <summary>How the gateway connects to Redis for quotas.</summary>
internal static class RedisQuotaConnection
{
    /// <summary>
    /// The configuration from <c>ConnectionStrings:Redis</c>, with two settings forced. The gateway starts and serves
    /// while Redis is down (no abort on a failed first connect; the multiplexer keeps reconnecting by itself). And a
    /// command fails at once while there is no connection, instead of waiting in a backlog until its timeout: a quota
    /// check is on every request's path, and the failure mode decides what happens next.
    /// </summary>
    public static ConfigurationOptions Configure(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        return options;
    }

    public static IConnectionMultiplexer Connect(string connectionString) =>
        ConnectionMultiplexer.Connect(Configure(connectionString));
}
