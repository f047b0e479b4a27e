using System.Text.Json;
using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace AiGateway.Shared.Data;

/// <summary>Turns tracked changes to configuration entities into audit events, with secret columns redacted.</summary>
internal static class AuditTrail
{
    private const string Redacted = "***";

    public static bool HasConfigurationChanges(ChangeTracker tracker) =>
        tracker.Entries<IConfigurationEntity>().Any(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted);

    public static List<PendingAudit> Capture(ChangeTracker tracker, string actor, DateTimeOffset at)
    {
        tracker.DetectChanges();
        var pending = new List<PendingAudit>();
        foreach (var entry in tracker.Entries<IConfigurationEntity>())
        {
            var verb = entry.State switch
            {
                EntityState.Added => "Created",
                EntityState.Modified => "Updated",
                EntityState.Deleted => "Deleted",
                _ => null,
            };
            if (verb is null)
            {
                continue;
            }

            var before = entry.State == EntityState.Added ? null : Serialize(entry, original: true);
            var after = entry.State == EntityState.Deleted ? null : Serialize(entry, original: false);
            pending.Add(new PendingAudit(entry.Entity, entry.Metadata.ClrType.Name, verb, actor, at, before, after));
        }

        return pending;
    }

    private static string Serialize(EntityEntry entry, bool original)
    {
        var values = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var property in entry.Properties)
        {
            var value = original ? property.OriginalValue : property.CurrentValue;
            values[property.Metadata.Name] = property.Metadata.IsSecret() && value is not null ? Redacted : value;
        }

        return JsonSerializer.Serialize(values, AuditJson.Options);
    }

    internal sealed record PendingAudit(IConfigurationEntity Entity, string EntityType, string Verb, string Actor, DateTimeOffset At, string? Before, string? After)
    {
        public AuditEvent ToEvent() => new()
        {
            At = At,
            Actor = Actor,
            Action = $"{EntityType}.{Verb}",
            EntityType = EntityType,
            EntityId = Entity.Id.ToString(),
            Before = Before,
            After = After,
        };
    }
}
