using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Metering.Spool;

/// <summary>
/// Reports in <c>/readyz</c> how much usage waits in this replica's spool. A replica serves as well with a full spool
/// as with an empty one, so this never fails readiness; past half of <c>Metering:SpoolMaxMegabytes</c> it reports
/// Degraded, while there is still time to bring the database back before usage is dropped.
/// </summary>
public sealed class UsageSpoolHealthCheck(UsageSpool spool, IOptions<MeteringOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limit = options.Value.SpoolMaxMegabytes * 1024L * 1024L;
        var bytes = spool.Bytes;
        var data = new Dictionary<string, object>
        {
            ["spooledRecords"] = spool.Records,
            ["spoolBytes"] = bytes,
            ["spoolLimitBytes"] = limit,
        };
        return Task.FromResult(bytes * 2 >= limit
            ? HealthCheckResult.Degraded($"The usage spool holds {spool.Records} records not yet in the database, over half its limit; at the limit new usage is dropped.", data: data)
            : HealthCheckResult.Healthy($"{spool.Records} usage records wait in the spool.", data));
    }
}
