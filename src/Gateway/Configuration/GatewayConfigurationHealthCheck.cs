using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Configuration;

/// <summary>
/// Ready when a snapshot is loaded. When the database has not answered for a while the gateway still serves, so
/// it stays ready but reports the staleness (Degraded) for operators and alerts.
/// </summary>
public sealed class GatewayConfigurationHealthCheck(GatewaySnapshotStore store, IOptionsMonitor<GatewayOptions> options, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var snapshot = store.Current;
        var check = store.LastCheck;
        var now = clock.GetUtcNow();
        var data = new Dictionary<string, object>
        {
            ["version"] = snapshot.Version,
            ["loadedAt"] = snapshot.LoadedAt,
        };
        if (check?.LastSuccessAt is { } lastSuccess)
        {
            data["lastSuccessfulCheck"] = lastSuccess;
            data["staleSeconds"] = Math.Round((now - lastSuccess).TotalSeconds, 1);
        }

        if (check?.Error is { } error)
        {
            data["lastError"] = error;
        }

        if (!snapshot.IsLoaded)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("No gateway configuration has been loaded yet.", data: data));
        }

        var staleAfter = TimeSpan.FromSeconds(options.CurrentValue.StaleAfterSeconds);
        if (check?.LastSuccessAt is not { } success || now - success > staleAfter)
        {
            return Task.FromResult(HealthCheckResult.Degraded(
                $"Serving configuration version {snapshot.Version}; the database has not answered for more than {staleAfter.TotalSeconds:0} s.", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy($"Serving configuration version {snapshot.Version}.", data));
    }
}
