using System.Text.Json;
using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using Microsoft.EntityFrameworkCore;

namespace AiGateway.Shared.Services.Alerts;

/// <summary>
/// Stores a notice as an <see cref="AlertEvent"/> with one pending <see cref="AlertDelivery"/> per enabled channel that
/// hears it (the notice's team's channels and the global ones), in one save. A notice whose dedupe key is already
/// stored, by this replica or another, is skipped: the unique index decides, not a read.
/// </summary>
public sealed class AlertOutbox(IDbContextFactory<PortalDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>The stored event, or null when it was a duplicate.</summary>
    public async Task<AlertEvent?> StoreAsync(AlertNotice notice, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(notice);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (notice.DedupeKey is { } key && await db.AlertEvents.AnyAsync(e => e.DedupeKey == key, ct))
        {
            return null;
        }

        var channels = await db.AlertChannels.AsNoTracking()
            .Where(c => c.Enabled && (c.TeamId == null || c.TeamId == notice.TeamId))
            .ToListAsync(ct);
        var stored = ToEvent(notice);
        var now = clock.GetUtcNow();
        foreach (var channel in channels.Where(c => c.Hears(notice.Kind)))
        {
            stored.Deliveries.Add(NewDelivery(channel.Id, now));
        }

        db.AlertEvents.Add(stored);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException e) when (notice.DedupeKey is not null && DatabaseConstraintViolation.IsConstraintViolation(e))
        {
            // Another replica stored the same notice between our check and our insert.
            return null;
        }

        return stored;
    }

    /// <summary>Stores a sample notice for one channel only (the portal's "Send test").</summary>
    public async Task<AlertDelivery> StoreTestAsync(AlertChannel channel, AlertNotice notice, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(channel);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var stored = ToEvent(notice);
        var delivery = NewDelivery(channel.Id, clock.GetUtcNow());
        stored.Deliveries.Add(delivery);
        db.AlertEvents.Add(stored);
        await db.SaveChangesAsync(ct);
        return delivery;
    }

    private static AlertDelivery NewDelivery(Guid channelId, DateTimeOffset now) =>
        new() { ChannelId = channelId, State = AlertDeliveryState.Pending, NextAttemptAt = now, CreatedAt = now };

    private static AlertEvent ToEvent(AlertNotice notice) => new()
    {
        Kind = notice.Kind,
        TeamId = notice.TeamId,
        Title = Truncate(notice.Title, 256),
        Message = Truncate(notice.Message, 4000),
        FactsJson = JsonSerializer.Serialize(notice.Facts),
        At = notice.At,
        DedupeKey = notice.DedupeKey is null ? null : Truncate(notice.DedupeKey, 256),
    };

    internal static string Truncate(string value, int length) => value.Length <= length ? value : value[..(length - 1)] + "…";
}
