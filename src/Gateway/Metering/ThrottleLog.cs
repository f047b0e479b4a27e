using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Quotas;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// The most recent denials and backend throttles of this replica, for the throttling explorer: a fixed ring of the
/// last <see cref="Capacity"/> entries in memory. Writers claim a slot with one interlocked increment and publish an
/// immutable entry into it with a compare-and-swap, so recording never locks or waits; a reader copies the ring and
/// orders it by sequence. Every entry is also handed to the <see cref="IThrottleEventSink"/>, which stores it in the
/// database in batches: the portal's throttling explorer reads those, so it shows every replica's events and survives a
/// restart; the ring is this replica's own recent view (its tests and diagnostics read it).
/// </summary>
public sealed class ThrottleLog
{
    public const int DefaultCapacity = 1000;

    private readonly ThrottleLogEntry?[] _ring;
    private readonly TimeProvider _clock;
    private readonly IThrottleEventSink? _sink;
    private long _sequence;

    public ThrottleLog(TimeProvider clock, int capacity = DefaultCapacity, IThrottleEventSink? sink = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _clock = clock;
        _sink = sink;
        _ring = new ThrottleLogEntry?[capacity];
    }

    public int Capacity => _ring.Length;

    /// <summary>A request refused by a quota: which limit, which policy, when it frees up.</summary>
    public void RecordQuotaRefusal(GatewayRequestContext gateway, QuotaDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        Record(gateway, ThrottleLogKind.QuotaRefusal, decision.DeniedBy, decision.DeniedPolicyId, null, decision.RetryAfter);
    }

    /// <summary>A deployment that answered 429, and how long the gateway rests it.</summary>
    public void RecordBackendThrottle(GatewayRequestContext gateway, AliasTargetEntry target, TimeSpan rest)
    {
        ArgumentNullException.ThrowIfNull(target);
        Record(gateway, ThrottleLogKind.BackendThrottle, null, null, target, rest);
    }

    /// <summary>A request refused or shed for want of the alias's capacity in its priority class, and when to retry.</summary>
    public void RecordCapacityShed(GatewayRequestContext gateway, TimeSpan retryAfter) =>
        Record(gateway, ThrottleLogKind.CapacityShed, null, null, null, retryAfter);

    /// <summary>One entry about an authenticated caller's request; an unauthenticated one has no team to show it to.</summary>
    private void Record(GatewayRequestContext gateway, ThrottleLogKind kind, QuotaLimitKind? limit, Guid? policyId, AliasTargetEntry? target, TimeSpan? wait)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        if (!gateway.IsAuthenticated)
        {
            return;
        }

        var caller = gateway.Caller;
        var sequence = Interlocked.Increment(ref _sequence);
        Publish(sequence, new ThrottleLogEntry(
            sequence, _clock.GetUtcNow(), kind, gateway.RequestId, caller.Team.Id, caller.Team.Name,
            caller.Key?.Id, caller.Key?.Name, caller.Key?.Prefix, caller.EntraAppId, gateway.HasAlias ? gateway.Alias.Name : "",
            limit, policyId, target?.DeploymentId, target?.DeploymentName, target?.Backend.Id, target?.Backend.Name, wait));
    }

    /// <summary>Adds an entry made elsewhere; it is given the next sequence number.</summary>
    public void Add(ThrottleLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var sequence = Interlocked.Increment(ref _sequence);
        Publish(sequence, entry with { Sequence = sequence });
    }

    /// <summary>The entries still held, newest first; only the given teams' when <paramref name="teams"/> is not null.</summary>
    public IReadOnlyList<ThrottleLogEntry> Recent(IReadOnlySet<Guid>? teams = null)
    {
        var entries = new List<ThrottleLogEntry>(_ring.Length);
        for (var i = 0; i < _ring.Length; i++)
        {
            if (Volatile.Read(ref _ring[i]) is { } entry && (teams is null || teams.Contains(entry.TeamId)))
            {
                entries.Add(entry);
            }
        }

        entries.Sort(static (a, b) => b.Sequence.CompareTo(a.Sequence));
        return entries;
    }

    /// <summary>
    /// Puts the entry in its slot unless a newer one got there first: a writer preempted between claiming its sequence
    /// and writing must not bury an entry a whole ring newer than its own.
    /// </summary>
    private void Publish(long sequence, ThrottleLogEntry entry)
    {
        _sink?.TryWrite(ToEvent(entry));
        ref var slot = ref _ring[(sequence - 1) % _ring.Length];
        var current = Volatile.Read(ref slot);
        while (current is null || current.Sequence < sequence)
        {
            var seen = Interlocked.CompareExchange(ref slot, entry, current);
            if (ReferenceEquals(seen, current))
            {
                return;
            }

            current = seen;
        }
    }

    private static ThrottleEvent ToEvent(ThrottleLogEntry entry) => new()
    {
        At = entry.At,
        Kind = entry.Kind switch
        {
            ThrottleLogKind.QuotaRefusal => ThrottleEventKind.QuotaRefusal,
            ThrottleLogKind.CapacityShed => ThrottleEventKind.CapacityShed,
            _ => ThrottleEventKind.BackendThrottle,
        },
        RequestId = entry.RequestId,
        TeamId = entry.TeamId,
        TeamName = entry.TeamName,
        ApiKeyId = entry.KeyId,
        KeyName = entry.KeyName,
        KeyPrefix = entry.KeyPrefix,
        EntraAppId = entry.EntraAppId,
        AliasName = entry.AliasName,
        QuotaLimit = entry.Limit?.ToString(),
        PolicyId = entry.PolicyId,
        DeploymentId = entry.DeploymentId,
        DeploymentName = entry.DeploymentName,
        BackendId = entry.BackendId,
        BackendName = entry.BackendName,
        RetryAfterMs = entry.RetryAfter is { } wait ? (int)Math.Min(Math.Ceiling(wait.TotalMilliseconds), int.MaxValue) : null,
    };
}
