using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Requests;

/// <summary>
/// The names of the teams, keys, deployments and backends a page of usage records refers to by id, read in a few
/// small queries (usage keeps ids only, so that deleting a key never touches its history).
/// </summary>
internal sealed class ExplorerNames
{
    private Dictionary<Guid, string> _teams = [];
    private Dictionary<Guid, (string Name, string Prefix)> _keys = [];
    private Dictionary<Guid, string> _deployments = [];
    private Dictionary<Guid, string> _backends = [];

    public static async Task<ExplorerNames> LoadAsync(PortalDbContext db, IReadOnlyList<UsageRecord> rows, CancellationToken ct)
    {
        var names = new ExplorerNames();
        if (rows.Count == 0)
        {
            return names;
        }

        var teamIds = rows.Select(r => r.TeamId).Distinct().ToList();
        var keyIds = rows.Where(r => r.ApiKeyId is not null).Select(r => r.ApiKeyId!.Value).Distinct().ToList();
        var deploymentIds = rows.Where(r => r.DeploymentId is not null).Select(r => r.DeploymentId!.Value).Distinct().ToList();
        var backendIds = rows.Where(r => r.BackendId is not null).Select(r => r.BackendId!.Value).Distinct().ToList();
        names._teams = await db.Teams.AsNoTracking().Where(t => teamIds.Contains(t.Id)).ToDictionaryAsync(t => t.Id, t => t.Name, ct);
        names._keys = (await db.ApiKeys.AsNoTracking().Where(k => keyIds.Contains(k.Id)).Select(k => new { k.Id, k.Name, k.Prefix }).ToListAsync(ct))
            .ToDictionary(k => k.Id, k => (k.Name, k.Prefix));
        names._deployments = await db.Deployments.AsNoTracking().Where(d => deploymentIds.Contains(d.Id)).ToDictionaryAsync(d => d.Id, d => d.Name, ct);
        names._backends = await db.Backends.AsNoTracking().Where(b => backendIds.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.Name, ct);
        return names;
    }

    public RequestView View(UsageRecord r)
    {
        var key = r.ApiKeyId is { } keyId && _keys.TryGetValue(keyId, out var k) ? k : default((string Name, string Prefix)?);
        return new RequestView(
            r.Id, r.At, r.RequestId, r.TeamId, _teams.GetValueOrDefault(r.TeamId), r.ApiKeyId, key?.Name, key?.Prefix, r.AliasName,
            r.Operation, r.DeploymentId, r.DeploymentId is { } d ? _deployments.GetValueOrDefault(d) : null,
            r.BackendId, r.BackendId is { } b ? _backends.GetValueOrDefault(b) : null,
            r.StatusCode, r.PromptTokens, r.CompletionTokens, r.Estimated, r.Streamed, r.LatencyMs, r.TimeToFirstTokenMs, r.Cost);
    }
}
