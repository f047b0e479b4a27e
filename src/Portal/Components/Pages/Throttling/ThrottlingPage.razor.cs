using AiGateway.Gateway.Metering;
using AiGateway.Portal.Auth;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services;
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
    private static readonly int[] PeriodChoices = [1, 6, 24, 72, ExplorerPeriod.MaxHours];

    private ExplorerPage<ThrottleEventView> _page = new([], false, default, default);
    private IReadOnlyList<TeamView> _teams = [];
    private Dictionary<Guid, QuotaPolicyView> _policies = [];
    private IReadOnlySet<Guid>? _visible;
    private Guid? _teamId;
    private string? _key;
    private string? _alias;
    private ThrottleEventKind? _kind;
    private int _hours = 24;
    private int _skip;
    private (DateTimeOffset From, DateTimeOffset To)? _period;
    private DateTimeOffset _at;
    private bool _loading;
    private string? _error;

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
        _visible = await Access.TeamsAsync();
        _teams = [.. (await Teams.ListAsync()).Where(t => _visible is null || _visible.Contains(t.Id)).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)];
        await RefreshAsync();
    }

    /// <summary>A new search from the newest events, with the filters as they are now.</summary>
    private async Task RefreshAsync()
    {
        _skip = 0;
        _period = null;
        await SearchAsync();
    }

    private async Task OlderAsync()
    {
        _skip += _page.Items.Count;
        await SearchAsync();
    }

    private async Task NewerAsync()
    {
        _skip = Math.Max(0, _skip - ExplorerPaging.DefaultTake);
        await SearchAsync();
    }

    private async Task SearchAsync()
    {
        _loading = true;
        try
        {
            // Teams are checked again at every search: a person removed from a team stops seeing it at once.
            _visible = await Access.TeamsAsync();
            _at = Clock.GetUtcNow();
            // Later pages keep the first page's period, so they do not shift as new events arrive.
            _page = await Explorer.SearchAsync(
                new ThrottleEventQuery { TeamId = _teamId, Key = _key, Alias = _alias, Kind = _kind, Hours = _period is null ? _hours : null, From = _period?.From, To = _period?.To, Skip = _skip },
                _visible);
            _period = (_page.From, _page.To);
            var policies = await Policies.ListAsync();
            _policies = policies.Where(p => _visible is null || _visible.Contains(p.TeamId)).ToDictionary(p => p.Id);
            _error = null;
        }
        catch (RequestValidationException e)
        {
            _error = string.Join(" ", e.Errors.SelectMany(x => x.Value));
        }
        finally
        {
            _loading = false;
        }
    }

    private string TeamLabel(Guid? id) => id is { } team ? _teams.FirstOrDefault(t => t.Id == team)?.Name ?? team.ToString() : "All teams";

    private static string HoursLabel(int hours) => hours < 24 ? $"Last {hours} h" : $"Last {hours / 24} d";

    private static string KindLabel(ThrottleEventKind? kind) => kind switch
    {
        ThrottleEventKind.QuotaRefusal => "Quota refusals",
        ThrottleEventKind.BackendThrottle => "Backend throttles",
        _ => "All kinds",
    };

    private string Reason(ThrottleEventView entry) =>
        ThrottleReason.Describe(entry, entry.PolicyId is { } id ? _policies.GetValueOrDefault(id) : null);

    private static string Caller(ThrottleEventView entry) =>
        entry.KeyPrefix is { } prefix ? $"{entry.KeyName} ({prefix}…)" : entry.EntraAppId is { } app ? $"Entra app {app}" : "–";
}
