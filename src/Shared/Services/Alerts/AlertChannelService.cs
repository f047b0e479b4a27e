using AiGateway.Shared.Data;
using AiGateway.Shared.Data.EntityConfigurations;
using AiGateway.Shared.Model;
using AiGateway.Shared.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace AiGateway.Shared.Services.Alerts;

/// <summary>
/// Alert channels: a team's (<c>teamId</c> set) or global (<c>teamId</c> null). The scope is part of every lookup, so a
/// team's owner can never reach another team's channel or a global one by its id. Changes are audited configuration.
/// </summary>
public sealed class AlertChannelService(
    IDbContextFactory<PortalDbContext> dbFactory,
    AlertChannelSecretProtector protector,
    AlertOutbox outbox,
    AlertDispatcher dispatcher,
    IOptions<AlertsOptions> options,
    TimeProvider clock)
{
    public const int MaxDeliveries = 500;

    public async Task<IReadOnlyList<AlertChannelView>> ListAsync(Guid? teamId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var channels = await db.AlertChannels.AsNoTracking().Where(c => c.TeamId == teamId).OrderBy(c => c.Name).ToListAsync(ct);
        return channels.ConvertAll(AlertChannelView.From);
    }

    public async Task<AlertChannelView> GetAsync(Guid? teamId, Guid id, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return AlertChannelView.From(await FindAsync(db, teamId, id, ct));
    }

    public async Task<AlertChannelView> CreateAsync(Guid? teamId, AlertChannelInput input, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        Validate(input, hasStoredUrl: false);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (teamId is { } team && !await db.Teams.AnyAsync(t => t.Id == team, ct))
        {
            throw new EntityNotFoundException("Team", team);
        }

        var channel = new AlertChannel { TeamId = teamId, Name = input.Name!.Trim(), CreatedAt = clock.GetUtcNow() };
        Apply(channel, input);
        db.AlertChannels.Add(channel);
        await db.SaveConfigurationChangesAsync(actor, ct);
        return AlertChannelView.From(channel);
    }

    public async Task<AlertChannelView> UpdateAsync(Guid? teamId, Guid id, AlertChannelInput input, string actor, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(input);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var channel = await FindAsync(db, teamId, id, ct);
        Validate(input, hasStoredUrl: channel.ProtectedUrl is not null && IsWebhook(channel.Kind));
        channel.Name = input.Name!.Trim();
        Apply(channel, input);
        await db.SaveConfigurationChangesAsync(actor, ct);
        return AlertChannelView.From(channel);
    }

    public async Task DeleteAsync(Guid? teamId, Guid id, string actor, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        db.AlertChannels.Remove(await FindAsync(db, teamId, id, ct));
        await db.SaveConfigurationChangesAsync(actor, ct);
    }

    /// <summary>Sends a sample alert (kind Test) to the channel now, once, and returns how it went.</summary>
    public async Task<AlertDeliveryView> SendTestAsync(Guid? teamId, Guid id, string actor, CancellationToken ct = default)
    {
        AlertChannel channel;
        await using (var db = await dbFactory.CreateDbContextAsync(ct))
        {
            channel = await FindAsync(db, teamId, id, ct);
        }

        var now = clock.GetUtcNow();
        var notice = new AlertNotice(
            AlertKind.Test,
            "Test alert from the AI gateway",
            $"{actor} sent this sample to check the channel '{channel.Name}'. Nothing is wrong.",
            now,
            teamId)
        {
            Facts = new Dictionary<string, string> { ["Channel"] = channel.Name, ["Sent by"] = actor },
        };
        var delivery = await outbox.StoreTestAsync(channel, notice, ct);
        await dispatcher.DeliverNowAsync(delivery.Id, ct);
        return await DeliveryAsync(delivery.Id, ct);
    }

    /// <summary>The most recent deliveries, newest first: every channel's for <paramref name="teamId"/> null, else the team's channels'.</summary>
    public async Task<IReadOnlyList<AlertDeliveryView>> ListDeliveriesAsync(Guid? teamId, int limit = 100, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var query = db.AlertDeliveries.AsNoTracking().Include(d => d.Event).Include(d => d.Channel).AsQueryable();
        if (teamId is not null)
        {
            query = query.Where(d => d.Channel!.TeamId == teamId);
        }

        var deliveries = await query.OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).Take(Math.Clamp(limit, 1, MaxDeliveries)).ToListAsync(ct);
        return deliveries.ConvertAll(AlertDeliveryView.From);
    }

    private async Task<AlertDeliveryView> DeliveryAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return AlertDeliveryView.From(await db.AlertDeliveries.AsNoTracking().Include(d => d.Event).Include(d => d.Channel).FirstAsync(d => d.Id == id, ct));
    }

    private static async Task<AlertChannel> FindAsync(PortalDbContext db, Guid? teamId, Guid id, CancellationToken ct) =>
        await db.AlertChannels.FirstOrDefaultAsync(c => c.Id == id && c.TeamId == teamId, ct) ?? throw new EntityNotFoundException("Alert channel", id);

    private static bool IsWebhook(AlertChannelKind kind) => kind != AlertChannelKind.Email;

    private void Apply(AlertChannel channel, AlertChannelInput input)
    {
        channel.Kind = input.Kind;
        channel.Enabled = input.Enabled;
        channel.Kinds = AlertChannel.FormatKinds(input.Kinds!);
        if (IsWebhook(input.Kind))
        {
            channel.EmailRecipients = null;
            if (!string.IsNullOrWhiteSpace(input.Url))
            {
                var url = input.Url.Trim();
                channel.ProtectedUrl = protector.Protect(url);
                channel.UrlDisplay = AlertWebhookUrl.Mask(url);
            }
        }
        else
        {
            channel.ProtectedUrl = null;
            channel.UrlDisplay = null;
            channel.EmailRecipients = string.Join(", ", AlertChannelRecipients.Parse(input.Recipients));
        }
    }

    private void Validate(AlertChannelInput input, bool hasStoredUrl)
    {
        var errors = new ValidationErrors();
        errors.RequireName("name", input.Name);
        errors.Defined("kind", input.Kind);
        if (input.Kinds is not { Count: > 0 })
        {
            errors.Add("kinds", "'kinds' must name at least one alert kind (e.g. BudgetThreshold, RolloutBreach, CircuitOpened).");
        }
        else if (input.Kinds.Any(k => !Enum.IsDefined(k)))
        {
            errors.Add("kinds", $"'kinds' may only hold {string.Join(", ", Enum.GetNames<AlertKind>())}.");
        }

        if (IsWebhook(input.Kind))
        {
            if (string.IsNullOrWhiteSpace(input.Url))
            {
                if (!hasStoredUrl)
                {
                    errors.Add("url", "'url' is required for a webhook channel.");
                }
            }
            else if (AlertWebhookUrl.Problem(input.Url.Trim(), options.Value.AllowHttpWebhooks) is { } problem)
            {
                errors.Add("url", "'url' " + problem);
            }

            if (!string.IsNullOrWhiteSpace(input.Recipients))
            {
                errors.Add("recipients", "'recipients' is only for Email channels.");
            }
        }
        else
        {
            ValidateRecipients(errors, input.Recipients);
            if (!string.IsNullOrWhiteSpace(input.Url))
            {
                errors.Add("url", "'url' is only for webhook channels.");
            }
        }

        errors.ThrowIfAny();
    }

    private static void ValidateRecipients(ValidationErrors errors, string? recipients)
    {
        var addresses = AlertChannelRecipients.Parse(recipients);
        if (addresses.Count == 0)
        {
            errors.Add("recipients", "'recipients' is required for an Email channel: comma-separated e-mail addresses.");
        }
        else if (addresses.Count > AlertChannelRecipients.MaxRecipients || recipients!.Length > AlertChannelConfiguration.RecipientsLength)
        {
            errors.Add("recipients", $"'recipients' may hold at most {AlertChannelRecipients.MaxRecipients} addresses.");
        }
        else if (addresses.FirstOrDefault(a => !AlertChannelRecipients.IsAddress(a)) is { } bad)
        {
            errors.Add("recipients", $"'{bad}' is not an e-mail address.");
        }
    }
}
