using System.Security.Claims;
using AiGateway.Portal.Auth;
using AiGateway.Shared.Services.Alerts;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace AiGateway.Portal.Api;

/// <summary>
/// Alert channels: global ones under <c>/alerts/channels</c> (admins), a team's under
/// <c>/teams/{teamId}/alert-channels</c> (its owners and admins change them, members read them); the delivery log
/// under <c>/alerts/deliveries</c> (admins every channel's, owners their team's).
/// </summary>
public static class AlertsApi
{
    /// <summary>Global channels and the send-test; the caller's group already requires the Admin role.</summary>
    public static RouteGroupBuilder MapGlobalAlertsApi(this RouteGroupBuilder admin)
    {
        var channels = admin.MapGroup("/alerts/channels").WithTags("Alerts");
        MapChannels(channels, (_, _) => Task.FromResult<Guid?>(null));
        return admin;
    }

    /// <summary>A team's channels, judged by the team rules; and the delivery log, judged per team.</summary>
    public static RouteGroupBuilder MapTeamAlertsApi(this RouteGroupBuilder api)
    {
        var channels = api.MapGroup("/teams/{teamId:guid}/alert-channels").WithTags("Alerts");
        MapChannels(channels, async (http, write) =>
        {
            var teamId = Guid.Parse((string)http.Request.RouteValues["teamId"]!);
            var authorization = http.RequestServices.GetRequiredService<IAuthorizationService>();
            await authorization.EnsureAsync(
                http.User,
                new TeamResource(teamId),
                write ? TeamOperations.ManageAlertChannels : TeamOperations.View,
                write ? TeamApiRefusals.OwnersOnly : TeamApiRefusals.NotMember);
            return teamId;
        });

        api.MapGet("/alerts/deliveries", async (Guid? teamId, int? limit, AlertChannelService service, IAuthorizationService authorization, ClaimsPrincipal user, CancellationToken ct) =>
            {
                if (teamId is { } team)
                {
                    await authorization.EnsureAsync(user, new TeamResource(team), TeamOperations.ManageAlertChannels, TeamApiRefusals.OwnersOnly);
                }
                else if (!user.IsInRole(PortalRoles.Admin))
                {
                    throw new AccessDeniedException(TeamApiRefusals.AlertsTeamRequired);
                }

                return await service.ListDeliveriesAsync(teamId, limit ?? 100, ct);
            })
            .WithTags("Alerts")
            .WithDescription($"The most recent alert deliveries, newest first (limit, default 100, at most {AlertChannelService.MaxDeliveries}): every channel's for admins, or one team's channels' with teamId.");
        return api;
    }

    /// <summary>The same CRUD and send-test for both scopes; <paramref name="scope"/> authorises the caller (write or read) and names the team, or null for global.</summary>
    private static void MapChannels(RouteGroupBuilder channels, Func<HttpContext, bool, Task<Guid?>> scope)
    {
        channels.MapGet("/", async (HttpContext http, AlertChannelService service, CancellationToken ct) =>
            await service.ListAsync(await scope(http, false), ct));
        channels.MapGet("/{channelId:guid}", async (Guid channelId, HttpContext http, AlertChannelService service, CancellationToken ct) =>
            await service.GetAsync(await scope(http, false), channelId, ct));
        channels.MapPost("/", async Task<Created<AlertChannelView>> (AlertChannelInput input, HttpContext http, AlertChannelService service, ClaimsPrincipal user, CancellationToken ct) =>
            {
                var channel = await service.CreateAsync(await scope(http, true), input, user.ActorName(), ct);
                return TypedResults.Created($"{http.Request.Path.Value!.TrimEnd('/')}/{channel.Id}", channel);
            })
            .WithDescription("Adds a channel. kind: Webhook, MicrosoftTeams, Slack (url: https; stored encrypted, shown masked) or Email (recipients: comma-separated addresses); kinds: the alert kinds it hears.");
        channels.MapPut("/{channelId:guid}", async (Guid channelId, AlertChannelInput input, HttpContext http, AlertChannelService service, ClaimsPrincipal user, CancellationToken ct) =>
                await service.UpdateAsync(await scope(http, true), channelId, input, user.ActorName(), ct))
            .WithDescription("Changes a channel; leave url empty to keep the stored one.");
        channels.MapDelete("/{channelId:guid}", async Task<NoContent> (Guid channelId, HttpContext http, AlertChannelService service, ClaimsPrincipal user, CancellationToken ct) =>
        {
            await service.DeleteAsync(await scope(http, true), channelId, user.ActorName(), ct);
            return TypedResults.NoContent();
        });
        channels.MapPost("/{channelId:guid}/test", async (Guid channelId, HttpContext http, AlertChannelService service, ClaimsPrincipal user, CancellationToken ct) =>
                await service.SendTestAsync(await scope(http, true), channelId, user.ActorName(), ct))
            .WithDescription("Sends a sample alert (kind Test) to the channel now, once, and returns the delivery: state Delivered, or Failed with lastError.");
    }
}
