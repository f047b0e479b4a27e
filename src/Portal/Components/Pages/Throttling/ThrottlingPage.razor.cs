using AiGateway.Gateway.Metering;
using AiGateway.Portal.Auth;
using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Explorer;
using AiGateway.Shared.Services.Quotas;
using AiGateway.Shared.Services.Teams;
using AiGateway.Shared.Services.Throttling;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace AiGateway.Portal.Components.Pages.Throttling;

/// <summary>
/// Denials (quota refusals) and backend throttles of every replica, read from the database, with their reason, so a
/// team can see why it was throttled. The search is cut to the person's teams on the server, in the service.
/// </summary>
public sealed partial class ThrottlingPage
{
    private ExplorerSearch<ThrottleEventQuery, ThrottleEventView> _search = null!;
    private IReadOnlyList<TeamView> _teams = [];
    private Dictionary<Guid, QuotaPolicyView> _policies = [];
    private ThrottleEventKind? _kind;

    [Inject]
    private PortalAccess Access { get; set; } = default!;

    [Inject]
    private ThrottleExplorerService Explorer { get; set; } = default!;

    [Inject]
    private QuotaPolicyService Policies { get; set; } = default!;

    [Inject]
    private TeamService Teams { get; set; } = default!;

    [Inject]
    private IOptions<MeteringOptions> Metering { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    protected override async Task OnInitializedAsync()
    {
        _search = new(Access, Clock, () => new ThrottleEventQuery { Kind = _kind }, SearchAsync, hours: 24);
        var visible = await Access.TeamsAsync();
        _teams = [.. (await Teams.ListAsync()).Where(t => visible is null || visible.Contains(t.Id)).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)];
        await _search.RefreshAsync();
    }

    /// <summary>The events, and the policies that refused them (as the person may see them) for their reasons.</summary>
    private async Task<ExplorerPage<ThrottleEventView>> SearchAsync(ThrottleEventQuery query, IReadOnlySet<Guid>? visible)
    {
        var page = await Explorer.SearchAsync(query, visible);
        var policies = await Policies.ListAsync();
        _policies = policies.Where(p => visible is null || visible.Contains(p.TeamId)).ToDictionary(p => p.Id);
        return page;
    }

    private string TeamLabel(Guid? id) => id is { } team ? _teams.FirstOrDefault(t => t.Id == team)?.Name ?? team.ToString() : "All teams";

    private static string KindLabel(ThrottleEventKind? kind) => kind switch
    {
        ThrottleEventKind.QuotaRefusal => "Quota refusals",
        ThrottleEventKind.BackendThrottle => "Backend throttles",
        ThrottleEventKind.CapacityShed => "Capacity sheds",
        _ => "All kinds",
    };

    private string Reason(ThrottleEventView entry) =>
        ThrottleReason.Describe(entry, entry.PolicyId is { } id ? _policies.GetValueOrDefault(id) : null);

    private static string Caller(ThrottleEventView entry) =>
        entry.KeyPrefix is { } prefix ? $"{entry.KeyName} ({prefix}…)" : entry.EntraAppId is { } app ? $"Entra app {app}" : "–";
}
