using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// The dashboard's live figures for the whole cluster: every replica's usage records and quota refusals of the last
/// <see cref="LiveTraffic.Retention"/>, read from the database (an indexed time range) and added up with the same
/// arithmetic as a replica's own <see cref="LiveTraffic"/>. Each read is kept for <see cref="CacheFor"/>, so any
/// number of open dashboards costs the database one query set per interval; a cut to some teams is made from the
/// cached figures, never by showing one team another's.
/// </summary>
/// <remarks>
/// Records reach the database in batches (<c>Metering:FlushIntervalMilliseconds</c>), so the figures lag the
/// requests by about that interval. Backend throttles are not added from the throttle events: each one also ends in a
/// usage record (a retried request's, or a 429 when no backend answered), which already counts it.
/// </remarks>
public sealed class ClusterTraffic(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(5);

    /// <summary>The most records one read adds up: beyond it the oldest in the window are left out, and the figures say so.</summary>
    public const int MaxRecords = 200_000;

    private readonly SemaphoreSlim _reading = new(1, 1);
    // Swapped whole; readers that see an older one only get figures a read older.
    private volatile ClusterTrafficFigures? _cached;

    /// <summary>The figures as of their read, with the moment they were read at.</summary>
    public async Task<ClusterTrafficFigures> ReadAsync(CancellationToken ct = default)
    {
        if (Fresh(_cached) is { } fresh)
        {
            return fresh;
        }

        await _reading.WaitAsync(ct);
        try
        {
            if (Fresh(_cached) is { } again)
            {
                return again;
            }

            var figures = await LoadAsync(ct);
            _cached = figures;
            return figures;
        }
        finally
        {
            _reading.Release();
        }
    }

    public void Dispose() => _reading.Dispose();

    private ClusterTrafficFigures? Fresh(ClusterTrafficFigures? figures) =>
        figures is not null && clock.GetUtcNow() - figures.At < CacheFor ? figures : null;

    private async Task<ClusterTrafficFigures> LoadAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Not a bucket further back: the ring reuses the slot of a bucket one retention older than the newest.
        var since = now - LiveTraffic.Retention;
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var records = await db.UsageRecords.AsNoTracking()
            .Where(r => r.At >= since)
            .OrderByDescending(r => r.At)
            .Take(MaxRecords + 1)
            .Select(r => new Row(r.At, r.TeamId, r.AliasName, r.DeploymentId, r.BackendId, r.StatusCode, r.PromptTokens + r.CompletionTokens, r.LatencyMs))
            .ToListAsync(ct);
        var refusals = await db.ThrottleEvents.AsNoTracking()
            .Where(e => e.At >= since && e.Kind == ThrottleEventKind.QuotaRefusal)
            .OrderByDescending(e => e.At)
            .Take(MaxRecords + 1)
            .Select(e => new { e.At, e.TeamId, e.TeamName, e.AliasName })
            .ToListAsync(ct);
        var truncated = records.Count > MaxRecords || refusals.Count > MaxRecords;
        var names = await Names.LoadAsync(db, ct);

        var replay = new ReplayClock(now);
        var traffic = new LiveTraffic(replay);
        foreach (var row in records.Take(MaxRecords))
        {
            replay.Now = row.At;
            traffic.Record(names.Sample(row));
        }

        foreach (var refusal in refusals.Take(MaxRecords))
        {
            replay.Now = refusal.At;
            traffic.Record(new LiveTrafficSample(
                refusal.TeamId, names.Team(refusal.TeamId) ?? refusal.TeamName, names.AliasId(refusal.AliasName), refusal.AliasName,
                Guid.Empty, null, Guid.Empty, null, null, 429, 0, null, QuotaRefused: true, SpilledOver: false));
        }

        replay.Now = now;
        return new ClusterTrafficFigures(now, traffic, truncated);
    }

    private sealed record Row(DateTimeOffset At, Guid TeamId, string AliasName, Guid? DeploymentId, Guid? BackendId, int StatusCode, int Tokens, int LatencyMs);

    /// <summary>Today's names and tiers for the ids the records hold, and each alias's targets for spillover.</summary>
    private sealed class Names
    {
        private Dictionary<Guid, string> _teams = [];
        private Dictionary<string, Guid> _aliases = new(StringComparer.Ordinal);
        private Dictionary<Guid, (string Name, Guid BackendId)> _deployments = [];
        private Dictionary<Guid, (string Name, BackendTier Tier)> _backends = [];

        // Alias name -> (deployment id -> effective tier), to tell spillover: a standard deployment served while the
        // alias has provisioned capacity in an earlier tier.
        private Dictionary<string, Dictionary<Guid, int>> _targetTiers = new(StringComparer.Ordinal);
        private Dictionary<string, int?> _firstProvisionedTier = new(StringComparer.Ordinal);

        public static async Task<Names> LoadAsync(PortalDbContext db, CancellationToken ct)
        {
            var names = new Names
            {
                _teams = await db.Teams.AsNoTracking().ToDictionaryAsync(t => t.Id, t => t.Name, ct),
                _deployments = (await db.Deployments.AsNoTracking().Select(d => new { d.Id, d.Name, d.BackendId }).ToListAsync(ct))
                    .ToDictionary(d => d.Id, d => (d.Name, d.BackendId)),
                _backends = (await db.Backends.AsNoTracking().Select(b => new { b.Id, b.Name, b.Tier }).ToListAsync(ct))
                    .ToDictionary(b => b.Id, b => (b.Name, b.Tier)),
            };
            var aliases = await db.Aliases.AsNoTracking().Select(a => new { a.Id, a.Name }).ToListAsync(ct);
            names._aliases = aliases.ToDictionary(a => a.Name, a => a.Id, StringComparer.Ordinal);
            var targets = await db.AliasTargets.AsNoTracking().Select(t => new { t.AliasId, t.DeploymentId, t.PriorityTier }).ToListAsync(ct);
            var aliasNames = aliases.ToDictionary(a => a.Id, a => a.Name);
            foreach (var target in targets)
            {
                if (!aliasNames.TryGetValue(target.AliasId, out var alias) || !names._deployments.TryGetValue(target.DeploymentId, out var deployment)
                    || !names._backends.TryGetValue(deployment.BackendId, out var backend))
                {
                    continue;
                }

                var tier = AliasTarget.EffectiveTier(target.PriorityTier, backend.Tier);
                if (!names._targetTiers.TryGetValue(alias, out var tiers))
                {
                    names._targetTiers[alias] = tiers = [];
                }

                tiers[target.DeploymentId] = tier;
                if (backend.Tier == BackendTier.Provisioned)
                {
                    var first = names._firstProvisionedTier.GetValueOrDefault(alias);
                    names._firstProvisionedTier[alias] = first is { } f && f <= tier ? f : tier;
                }
            }

            return names;
        }

        public string? Team(Guid id) => _teams.GetValueOrDefault(id);

        /// <summary>The alias's id; for an alias since deleted, one made from its name, so its figures still add up.</summary>
        public Guid AliasId(string name) =>
            _aliases.TryGetValue(name, out var id) ? id : new Guid(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)).AsSpan(0, 16));

        public LiveTrafficSample Sample(Row row)
        {
            var deployment = row.DeploymentId is { } d && _deployments.TryGetValue(d, out var found) ? found : default((string Name, Guid BackendId)?);
            var backendId = row.BackendId ?? deployment?.BackendId ?? Guid.Empty;
            var backend = _backends.TryGetValue(backendId, out var b) ? b : default((string Name, BackendTier Tier)?);
            // As the request path counts it: an answer was delivered exactly when the status is neither 429 nor 5xx.
            var delivered = row.StatusCode != 429 && row.StatusCode < 500;
            var tier = delivered ? backend?.Tier : null;
            return new LiveTrafficSample(
                row.TeamId, Team(row.TeamId) ?? row.TeamId.ToString(), AliasId(row.AliasName), row.AliasName,
                row.DeploymentId ?? Guid.Empty, deployment?.Name, backendId, backend?.Name, tier,
                row.StatusCode, row.Tokens, row.LatencyMs, QuotaRefused: false,
                SpilledOver: tier == BackendTier.Standard && IsSpillover(row.AliasName, row.DeploymentId));
        }

        private bool IsSpillover(string alias, Guid? deploymentId) =>
            deploymentId is { } id
            && _firstProvisionedTier.GetValueOrDefault(alias) is { } provisioned
            && _targetTiers.GetValueOrDefault(alias)?.GetValueOrDefault(id, int.MinValue) is { } served
            && provisioned < served;
    }
}
