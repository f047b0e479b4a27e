using System.Collections.Concurrent;
using AiGateway.Gateway.Configuration;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Backends;

/// <summary>
/// Passive health of deployments and backends, learned from the answers the gateway forwards. A 429 rests the one
/// deployment that said it (Azure limits are per deployment) for its retry-after; repeated 5xx, timeouts and connect
/// errors open the whole backend's circuit, which lets one probe through after a rest (half-open).
/// </summary>
/// <remarks>
/// Written here rather than with YARP's passive health policies or a Polly breaker: selection must see the exact
/// moment each deployment becomes usable again (to answer 429 with the earliest recovery), state must outlive
/// configuration reloads, and all time comes from the injected <see cref="TimeProvider"/> so tests need no sleeps.
/// </remarks>
public sealed class BackendHealthTracker(TimeProvider clock, IOptionsMonitor<GatewayOptions> options)
{
    private readonly ConcurrentDictionary<Guid, DeploymentHealth> _deployments = new();
    private readonly ConcurrentDictionary<Guid, BackendCircuit> _circuits = new();

    public DateTimeOffset Now => clock.GetUtcNow();

    /// <summary>When the deployment may be used again, or null if it may be used now.</summary>
    public DateTimeOffset? ThrottledUntil(Guid deploymentId)
    {
        if (_deployments.TryGetValue(deploymentId, out var health))
        {
            var until = health.ThrottledUntil;
            if (until > Now)
            {
                return until;
            }
        }

        return null;
    }

    /// <summary>When the backend's circuit lets a request through again, or null if it does now.</summary>
    public DateTimeOffset? CircuitOpenUntil(Guid backendId) =>
        _circuits.TryGetValue(backendId, out var circuit) ? circuit.BlockedUntil(Now) : null;

    /// <summary>Claims the right to send a request to the backend: always when closed; one probe at a time when half-open.</summary>
    public bool TryEnter(Guid backendId) =>
        !_circuits.TryGetValue(backendId, out var circuit) || circuit.TryEnter(Now);

    /// <summary>How long a deployment that throttled rests: what it asked for, capped, or the default when it did not say.</summary>
    public TimeSpan RestFor(TimeSpan? retryAfter)
    {
        var settings = options.CurrentValue;
        return retryAfter is { } r && r > TimeSpan.Zero
            ? TimeSpan.FromSeconds(Math.Min(r.TotalSeconds, settings.MaxThrottleSeconds))
            : TimeSpan.FromSeconds(settings.DefaultThrottleSeconds);
    }

    public TimeSpan ReportThrottled(Guid deploymentId, TimeSpan? retryAfter)
    {
        var rest = RestFor(retryAfter);
        _deployments.GetOrAdd(deploymentId, static _ => new DeploymentHealth()).ThrottleUntil(Now + rest);
        return rest;
    }

    /// <summary>Counts a fault against the backend; returns until when its circuit is open if this fault opened it, else null.</summary>
    public DateTimeOffset? ReportFailure(Guid backendId)
    {
        var settings = options.CurrentValue;
        return _circuits.GetOrAdd(backendId, static _ => new BackendCircuit())
            .Fail(Now, settings.CircuitFailureThreshold, TimeSpan.FromSeconds(settings.CircuitBreakSeconds));
    }

    public void ReportSuccess(Guid backendId)
    {
        if (_circuits.TryGetValue(backendId, out var circuit))
        {
            circuit.Succeed();
        }
    }

    /// <summary>Gives back a probe slot claimed by <see cref="TryEnter"/> for a request that never reached the backend.</summary>
    public void ReleaseProbe(Guid backendId)
    {
        if (_circuits.TryGetValue(backendId, out var circuit))
        {
            circuit.ReleaseProbe();
        }
    }

    private sealed class DeploymentHealth
    {
        private long _throttledUntilTicks;

        public DateTimeOffset ThrottledUntil => new(Interlocked.Read(ref _throttledUntilTicks), TimeSpan.Zero);

        public void ThrottleUntil(DateTimeOffset until)
        {
            // Keep the later of two concurrent 429s; never shorten a rest.
            long current;
            do
            {
                current = Interlocked.Read(ref _throttledUntilTicks);
                if (until.UtcTicks <= current)
                {
                    return;
                }
            }
            while (Interlocked.CompareExchange(ref _throttledUntilTicks, until.UtcTicks, current) != current);
        }
    }

    private sealed class BackendCircuit
    {
        private readonly Lock _lock = new();
        private int _consecutiveFailures;
        private DateTimeOffset _openUntil = DateTimeOffset.MinValue;
        private bool _probeInFlight;

        public DateTimeOffset? BlockedUntil(DateTimeOffset now)
        {
            lock (_lock)
            {
                if (_openUntil > now)
                {
                    return _openUntil;
                }

                // Half-open with a probe already out: blocked until that probe reports; a second is a fair guess.
                return _probeInFlight ? now.AddSeconds(1) : null;
            }
        }

        public bool TryEnter(DateTimeOffset now)
        {
            lock (_lock)
            {
                if (_openUntil == DateTimeOffset.MinValue)
                {
                    return true;
                }

                if (_openUntil > now || _probeInFlight)
                {
                    return false;
                }

                _probeInFlight = true;
                return true;
            }
        }

        /// <summary>Returns the new end of the rest when this failure opened the circuit (it was not already open).</summary>
        public DateTimeOffset? Fail(DateTimeOffset now, int threshold, TimeSpan breakFor)
        {
            lock (_lock)
            {
                _consecutiveFailures++;
                if (_probeInFlight || _consecutiveFailures >= threshold)
                {
                    var wasOpen = _openUntil > now;
                    _openUntil = now + breakFor;
                    _probeInFlight = false;
                    return wasOpen ? null : _openUntil;
                }

                return null;
            }
        }

        public void ReleaseProbe()
        {
            lock (_lock)
            {
                _probeInFlight = false;
            }
        }

        public void Succeed()
        {
            lock (_lock)
            {
                _consecutiveFailures = 0;
                _openUntil = DateTimeOffset.MinValue;
                _probeInFlight = false;
            }
        }
    }
}
