using System.Runtime.InteropServices;
using AiGateway.Gateway.Context;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// Live counters of the requests this replica finished in the last <see cref="Retention"/>, for the dashboard: in
/// memory only, never the database on the request path. Requests land in 10-second buckets of a ring; a bucket is
/// reused (zeroed, keeping its dictionaries and arrays) when the ring comes round to it, so after warm-up recording a
/// request allocates nothing. Each bucket has its own lock, held for a few increments and never across an await.
/// Counters are kept per team, and within a team per alias and deployment, so a snapshot can be cut to some teams
/// without showing anything of the others.
/// </summary>
public sealed class LiveTraffic
{
    public static readonly TimeSpan BucketLength = TimeSpan.FromSeconds(10);
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(15);

    private static readonly long BucketTicks = BucketLength.Ticks;

    // One bucket more than the retention holds, so the bucket being filled never overwrites one still reported.
    private static readonly int RingLength = (int)(Retention.Ticks / BucketTicks) + 1;

    private readonly Bucket[] _ring;
    private readonly TimeProvider _clock;

    public LiveTraffic(TimeProvider clock)
    {
        _clock = clock;
        _ring = new Bucket[RingLength];
        for (var i = 0; i < _ring.Length; i++)
        {
            _ring[i] = new Bucket();
        }
    }

    /// <summary>Counts a finished request read off the pipeline's context.</summary>
    public void Record(GatewayRequestContext gateway, int statusCode, long tokens, int latencyMs) =>
        Record(LiveTrafficSample.Of(gateway, statusCode, tokens, latencyMs));

    public void Record(in LiveTrafficSample sample)
    {
        var slot = _clock.GetUtcNow().UtcTicks / BucketTicks;
        var bucket = _ring[slot % RingLength];
        lock (bucket)
        {
            if (bucket.Slot != slot)
            {
                if (bucket.Slot > slot)
                {
                    // A request that stalled for longer than the retention between reading the clock and getting here.
                    return;
                }

                bucket.Reset(slot);
            }

            bucket.Add(sample);
        }
    }

    /// <summary>The last <paramref name="window"/> (at most <see cref="Retention"/>), rounded out to whole buckets.</summary>
    public LiveTrafficSnapshot Snapshot(TimeSpan window, IReadOnlySet<Guid>? teams = null)
    {
        var length = window > Retention ? Retention : window < BucketLength ? BucketLength : window;
        return Snapshot(_clock.GetUtcNow() - length, teams);
    }

    /// <summary>
    /// Everything since <paramref name="since"/> (rounded down to its bucket, and no further back than
    /// <see cref="Retention"/>); only the given teams when <paramref name="teams"/> is not null.
    /// </summary>
    public LiveTrafficSnapshot Snapshot(DateTimeOffset since, IReadOnlySet<Guid>? teams = null)
    {
        var now = _clock.GetUtcNow();
        var lastSlot = now.UtcTicks / BucketTicks;
        var firstSlot = Math.Max(since.UtcTicks / BucketTicks, lastSlot - RingLength + 2);
        firstSlot = Math.Min(firstSlot, lastSlot);
        var from = new DateTimeOffset(firstSlot * BucketTicks, TimeSpan.Zero);
        var aggregate = new Aggregate((now - from).TotalMinutes);
        var series = new List<LiveTrafficPoint>((int)(lastSlot - firstSlot + 1));
        for (var slot = firstSlot; slot <= lastSlot; slot++)
        {
            var point = new Counts();
            var bucket = _ring[slot % RingLength];
            lock (bucket)
            {
                if (bucket.Slot == slot)
                {
                    foreach (var (teamId, team) in bucket.Teams)
                    {
                        if (team.Total.Requests > 0 && (teams is null || teams.Contains(teamId)))
                        {
                            aggregate.Add(teamId, team);
                            point.Add(team.Total);
                        }
                    }
                }
            }

            series.Add(new LiveTrafficPoint(new DateTimeOffset(slot * BucketTicks, TimeSpan.Zero), point.Requests, point.Tokens, point.Errors, point.Throttled));
        }

        return aggregate.ToSnapshot(from, now, series);
    }

    /// <summary>Plain counters, added up in place.</summary>
    private struct Counts
    {
        public long Requests;
        public long Tokens;
        public long Errors;
        public long Throttled;
        public long Refused;

        public void Add(in LiveTrafficSample sample)
        {
            Requests++;
            Tokens += sample.Tokens;
            Errors += sample.IsError ? 1 : 0;
            Throttled += sample.IsThrottled ? 1 : 0;
            Refused += sample.QuotaRefused ? 1 : 0;
        }

        public void Add(in Counts other)
        {
            Requests += other.Requests;
            Tokens += other.Tokens;
            Errors += other.Errors;
            Throttled += other.Throttled;
            Refused += other.Refused;
        }
    }

    private readonly record struct RouteKey(Guid AliasId, Guid DeploymentId);

    private struct RouteCounts
    {
        public string AliasName;
        public string? DeploymentName;
        public Guid BackendId;
        public string? BackendName;
        public BackendTier? Tier;
        public Counts Counts;
    }

    private sealed class TeamCounts
    {
        public string Name = "";
        public Counts Total;
        public readonly long[] Latency = new long[LiveTrafficLatency.BucketCount];
        public long ProvisionedRequests;
        public long StandardRequests;
        public long ProvisionedTokens;
        public long StandardTokens;
        public long SpilloverRequests;
        public readonly Dictionary<RouteKey, RouteCounts> Routes = [];

        public void Reset()
        {
            Total = default;
            Array.Clear(Latency);
            ProvisionedRequests = StandardRequests = ProvisionedTokens = StandardTokens = SpilloverRequests = 0;
            Routes.Clear();
        }
    }

    private sealed class Bucket
    {
        public long Slot = -1;

        // Teams stay in the dictionary when the bucket is reused (zeroed), so a team's counters are allocated once.
        public readonly Dictionary<Guid, TeamCounts> Teams = [];

        public void Reset(long slot)
        {
            Slot = slot;
            foreach (var team in Teams.Values)
            {
                team.Reset();
            }
        }

        public void Add(in LiveTrafficSample sample)
        {
            if (!Teams.TryGetValue(sample.TeamId, out var team))
            {
                team = new TeamCounts();
                Teams[sample.TeamId] = team;
            }

            team.Name = sample.TeamName;
            team.Total.Add(sample);
            if (sample.LatencyMs is { } latency)
            {
                team.Latency[LiveTrafficLatency.BucketOf(latency)]++;
            }

            if (sample.Tier == BackendTier.Provisioned)
            {
                team.ProvisionedRequests++;
                team.ProvisionedTokens += sample.Tokens;
            }
            else if (sample.Tier == BackendTier.Standard)
            {
                team.StandardRequests++;
                team.StandardTokens += sample.Tokens;
                team.SpilloverRequests += sample.SpilledOver ? 1 : 0;
            }

            ref var route = ref CollectionsMarshal.GetValueRefOrAddDefault(team.Routes, new RouteKey(sample.AliasId, sample.DeploymentId), out _);
            route.AliasName = sample.AliasName;
            route.DeploymentName = sample.DeploymentName;
            route.BackendId = sample.BackendId;
            route.BackendName = sample.BackendName;
            route.Tier ??= sample.Tier;
            route.Counts.Add(sample);
        }
    }

    /// <summary>Adds buckets up for a snapshot; allocates freely, being off the request path.</summary>
    private sealed class Aggregate(double minutes)
    {
        private readonly double _minutes = Math.Max(minutes, BucketLength.TotalMinutes);
        private readonly Dictionary<Guid, (string Name, Counts Counts, BackendTier? Tier)> _teams = [];
        private readonly Dictionary<Guid, (string Name, Counts Counts, BackendTier? Tier)> _aliases = [];
        private readonly Dictionary<Guid, (string Name, Counts Counts, BackendTier? Tier)> _backends = [];
        private readonly Dictionary<Guid, (string Name, Counts Counts, BackendTier? Tier)> _deployments = [];
        private readonly long[] _latency = new long[LiveTrafficLatency.BucketCount];
        private Counts _total;
        private long _provisionedRequests;
        private long _standardRequests;
        private long _provisionedTokens;
        private long _standardTokens;
        private long _spilloverRequests;

        public void Add(Guid teamId, TeamCounts team)
        {
            _total.Add(team.Total);
            AddTo(_teams, teamId, team.Name, team.Total, null);
            for (var i = 0; i < _latency.Length; i++)
            {
                _latency[i] += team.Latency[i];
            }

            _provisionedRequests += team.ProvisionedRequests;
            _standardRequests += team.StandardRequests;
            _provisionedTokens += team.ProvisionedTokens;
            _standardTokens += team.StandardTokens;
            _spilloverRequests += team.SpilloverRequests;
            foreach (var (key, route) in team.Routes)
            {
                AddTo(_aliases, key.AliasId, route.AliasName, route.Counts, null);
                if (key.DeploymentId != Guid.Empty)
                {
                    AddTo(_deployments, key.DeploymentId, route.DeploymentName ?? "", route.Counts, route.Tier);
                    AddTo(_backends, route.BackendId, route.BackendName ?? "", route.Counts, route.Tier);
                }
            }
        }

        public LiveTrafficSnapshot ToSnapshot(DateTimeOffset from, DateTimeOffset to, IReadOnlyList<LiveTrafficPoint> series) => new(
            from,
            to,
            Figures(Guid.Empty, "All", _total, null),
            List(_teams),
            List(_aliases),
            List(_backends),
            List(_deployments),
            LiveTrafficLatency.Percentile(_latency, 0.50),
            LiveTrafficLatency.Percentile(_latency, 0.95),
            _provisionedRequests,
            _standardRequests,
            _provisionedTokens,
            _standardTokens,
            _spilloverRequests,
            series);

        private static void AddTo(Dictionary<Guid, (string Name, Counts Counts, BackendTier? Tier)> into, Guid id, string name, in Counts counts, BackendTier? tier)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(into, id, out _);
            // The latest bucket's name wins, so a renamed team shows its new name.
            entry.Name = name;
            entry.Counts.Add(counts);
            entry.Tier ??= tier;
        }

        private List<LiveTrafficFigures> List(Dictionary<Guid, (string Name, Counts Counts, BackendTier? Tier)> entries) =>
        [
            .. entries
                .Select(e => Figures(e.Key, e.Value.Name, e.Value.Counts, e.Value.Tier))
                .OrderByDescending(f => f.Requests)
                .ThenBy(f => f.Name, StringComparer.OrdinalIgnoreCase),
        ];

        private LiveTrafficFigures Figures(Guid id, string name, Counts counts, BackendTier? tier) => new(
            id, name, counts.Requests, counts.Tokens, counts.Errors, counts.Throttled, counts.Refused,
            counts.Requests / _minutes, counts.Tokens / _minutes, tier);
    }
}
