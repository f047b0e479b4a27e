using AiGateway.Shared.Data;
using AiGateway.Shared.Model;
using AiGateway.Shared.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Shared.Services.Alerts;

/// <summary>
/// Sends due deliveries. Several replicas share one database, so each attempt is claimed first with one conditional
/// update (still pending, attempt count unchanged): exactly one replica wins it, and the claim moves
/// <see cref="AlertDelivery.NextAttemptAt"/> forward as a lease, so a replica that dies mid-send leaves the delivery
/// to be retried by another once the lease is over. A failed attempt is retried after an exponential backoff until
/// <see cref="AlertsOptions.MaxAttempts"/>, then marked Failed.
/// </summary>
public sealed partial class AlertDispatcher(
    IDbContextFactory<PortalDbContext> dbFactory,
    IEnumerable<IAlertSender> senders,
    AlertChannelSecretProtector protector,
    IOptions<AlertsOptions> options,
    TimeProvider clock,
    ILogger<AlertDispatcher> logger)
{
    private const int Batch = 50;
    private readonly Dictionary<AlertChannelKind, IAlertSender> _senders = senders.ToDictionary(s => s.Kind);

    /// <summary>Attempts every delivery due now; returns how many attempts this replica made.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        List<(Guid Id, int Attempts)> due;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            due = (await db.AlertDeliveries.AsNoTracking()
                    .Where(d => d.State == AlertDeliveryState.Pending && d.NextAttemptAt <= now)
                    .OrderBy(d => d.NextAttemptAt)
                    .Select(d => new { d.Id, d.Attempts })
                    .Take(Batch)
                    .ToListAsync(ct))
                .ConvertAll(d => (d.Id, d.Attempts));
        }

        var attempted = 0;
        foreach (var (id, attempts) in due)
        {
            if (await AttemptAsync(id, attempts, ct) is not null)
            {
                attempted++;
            }
        }

        return attempted;
    }

    /// <summary>Makes a delivery's first attempt now (the portal's "Send test"); null if another replica has claimed it.</summary>
    public Task<AlertDelivery?> DeliverNowAsync(Guid deliveryId, CancellationToken ct = default) => AttemptAsync(deliveryId, 0, ct);

    private async Task<AlertDelivery?> AttemptAsync(Guid id, int attempts, CancellationToken ct)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var lease = now + settings.SendTimeout + TimeSpan.FromMinutes(1);
        var claimed = await db.AlertDeliveries
            .Where(d => d.Id == id && d.State == AlertDeliveryState.Pending && d.Attempts == attempts)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Attempts, attempts + 1).SetProperty(d => d.NextAttemptAt, lease), ct);
        if (claimed == 0)
        {
            return null;
        }

        var delivery = await db.AlertDeliveries.Include(d => d.Event).Include(d => d.Channel).ThenInclude(c => c!.Team).FirstAsync(d => d.Id == id, ct);
        var result = await SendAsync(delivery, ct);
        var attempt = delivery.Attempts;
        var finishedAt = clock.GetUtcNow();
        if (result.Delivered)
        {
            delivery.State = AlertDeliveryState.Delivered;
            delivery.DeliveredAt = finishedAt;
            delivery.LastError = null;
            Log.Delivered(logger, delivery.Id, delivery.ChannelId, delivery.Channel!.Kind, delivery.Event!.Kind, attempt, result.StatusCode);
        }
        else
        {
            delivery.LastError = AlertOutbox.Truncate(result.Error ?? "Failed.", 512);
            // A test answers the person who clicked "Send test" now; retrying it later would tell nobody.
            if (attempt >= settings.MaxAttempts || delivery.Event!.Kind == AlertKind.Test)
            {
                delivery.State = AlertDeliveryState.Failed;
                Log.GaveUp(logger, delivery.Id, delivery.ChannelId, delivery.Event!.Kind, attempt, delivery.LastError);
            }
            else
            {
                delivery.NextAttemptAt = finishedAt + Backoff(attempt, settings);
                Log.WillRetry(logger, delivery.Id, delivery.ChannelId, delivery.Event!.Kind, attempt, delivery.LastError, delivery.NextAttemptAt);
            }
        }

        await db.SaveChangesAsync(CancellationToken.None);
        return delivery;
    }

    /// <summary>The wait after failed attempt number <paramref name="attempt"/> (1-based): base, 2 x base, 4 x base..., capped.</summary>
    public static TimeSpan Backoff(int attempt, AlertsOptions settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var factor = Math.Pow(2, Math.Min(Math.Max(attempt - 1, 0), 30));
        return TimeSpan.FromTicks((long)Math.Min(settings.RetryBaseDelay.Ticks * factor, settings.MaxRetryDelay.Ticks));
    }

    private async Task<AlertSendResult> SendAsync(AlertDelivery delivery, CancellationToken ct)
    {
        var channel = delivery.Channel!;
        if (!channel.Enabled && delivery.Event!.Kind != AlertKind.Test)
        {
            return AlertSendResult.Fail("The channel is disabled.");
        }

        if (!_senders.TryGetValue(channel.Kind, out var sender))
        {
            return AlertSendResult.Fail($"No sender for {channel.Kind} channels.");
        }

        var destination = new AlertDestination(
            protector.TryUnprotect(channel.ProtectedUrl),
            AlertChannelRecipients.Parse(channel.EmailRecipients));
        try
        {
            return await sender.SendAsync(AlertMessage.From(delivery.Event!, channel.Team?.Name), destination, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // A sender's bug or an unexpected library error must cost one attempt, not the dispatcher.
            return AlertSendResult.Fail($"Unexpected error ({e.GetType().Name}).");
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Alert delivery {DeliveryId} of a {AlertKind} alert to {ChannelKind} channel {ChannelId} delivered on attempt {Attempt} (status {StatusCode})")]
        public static partial void Delivered(ILogger logger, Guid deliveryId, Guid channelId, AlertChannelKind channelKind, AlertKind alertKind, int attempt, int? statusCode);

        [LoggerMessage(2, LogLevel.Warning, "Alert delivery {DeliveryId} of a {AlertKind} alert to channel {ChannelId} failed on attempt {Attempt}: {Error}; next attempt at {NextAttemptAt:O}")]
        public static partial void WillRetry(ILogger logger, Guid deliveryId, Guid channelId, AlertKind alertKind, int attempt, string error, DateTimeOffset nextAttemptAt);

        [LoggerMessage(3, LogLevel.Error, "Alert delivery {DeliveryId} of a {AlertKind} alert to channel {ChannelId} failed for good after {Attempt} attempts: {Error}")]
        public static partial void GaveUp(ILogger logger, Guid deliveryId, Guid channelId, AlertKind alertKind, int attempt, string error);
    }
}
