using AiGateway.Portal.Auth;
using AiGateway.Shared.Services.Alerts;

namespace AiGateway.Portal.Components.Pages.Alerts;

/// <summary>
/// What the alert pages may do, each call checked on the server first: global channels and the full delivery log need
/// an admin; a team's channels are read by its members and changed, tested and their deliveries read by its owners
/// (and admins), by <see cref="TeamOperations.ManageAlertChannels"/>.
/// </summary>
public sealed class AlertsWorkspace(PortalAccess access, AlertChannelService channels)
{
    private const string GlobalRefusal = "Only admins can manage global alert channels.";
    private const string OwnersOnly = "Only the team's owners or an administrator may change its alert channels.";

    /// <summary>Whether to show this person the add, edit, delete and test controls.</summary>
    public async Task<bool> MayManageAsync(Guid? teamId) =>
        teamId is { } team ? await access.MayAsync(team, TeamOperations.ManageAlertChannels) : await access.IsAdminAsync();

    public async Task<IReadOnlyList<AlertChannelView>> ListAsync(Guid? teamId, CancellationToken ct = default)
    {
        if (teamId is { } team)
        {
            await access.EnsureAsync(team, TeamOperations.View, "You are not a member of this team.");
        }
        else
        {
            await access.EnsureAdminAsync(GlobalRefusal);
        }

        return await channels.ListAsync(teamId, ct);
    }

    public async Task<AlertChannelView> SaveAsync(Guid? teamId, Guid? channelId, AlertChannelInput input, CancellationToken ct = default)
    {
        await EnsureManageAsync(teamId);
        var actor = await access.ActorAsync();
        return channelId is { } id
            ? await channels.UpdateAsync(teamId, id, input, actor, ct)
            : await channels.CreateAsync(teamId, input, actor, ct);
    }

    public async Task DeleteAsync(Guid? teamId, Guid channelId, CancellationToken ct = default)
    {
        await EnsureManageAsync(teamId);
        await channels.DeleteAsync(teamId, channelId, await access.ActorAsync(), ct);
    }

    public async Task<AlertDeliveryView> SendTestAsync(Guid? teamId, Guid channelId, CancellationToken ct = default)
    {
        await EnsureManageAsync(teamId);
        return await channels.SendTestAsync(teamId, channelId, await access.ActorAsync(), ct);
    }

    /// <summary>The delivery log: every channel's for admins (team null), a team's channels' for its owners.</summary>
    public async Task<IReadOnlyList<AlertDeliveryView>> ListDeliveriesAsync(Guid? teamId, CancellationToken ct = default)
    {
        await EnsureManageAsync(teamId);
        return await channels.ListDeliveriesAsync(teamId, 100, ct);
    }

    private async Task EnsureManageAsync(Guid? teamId)
    {
        if (teamId is { } team)
        {
            await access.EnsureAsync(team, TeamOperations.ManageAlertChannels, OwnersOnly);
        }
        else
        {
            await access.EnsureAdminAsync(GlobalRefusal);
        }
    }
}
