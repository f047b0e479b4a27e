using AiGateway.Shared.Data;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Explorer;

/// <summary>
/// Finds the keys a person means by "key": its id, its public prefix or its name. Usage records and throttle events
/// hold only the key's id, so the explorers search by the ids this returns.
/// </summary>
internal static class KeyMatch
{
    public static async Task<List<Guid>> IdsAsync(PortalDbContext db, string key, CancellationToken ct)
    {
        var text = key.Trim();
        if (Guid.TryParse(text, out var id))
        {
            return [id];
        }

        // A prefix shown with its ellipsis ("sk-aigw-ab12…") is still that prefix.
        var prefix = text.TrimEnd('…', '.');
        return await db.ApiKeys.AsNoTracking()
            .Where(k => k.Prefix == prefix || k.Name == text)
            .Select(k => k.Id)
            .ToListAsync(ct);
    }
}
