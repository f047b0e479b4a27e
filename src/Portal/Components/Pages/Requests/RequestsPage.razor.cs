using System.Globalization;
using AiGateway.Gateway.Metering;
using AiGateway.Portal.Auth;
using AiGateway.Shared.Services;
using AiGateway.Shared.Services.Explorer;
using AiGateway.Shared.Services.Requests;
using AiGateway.Shared.Services.Teams;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Requests;

/// <summary>
/// Finds single requests in the usage records every replica stored: by request id (what a client quotes from an
/// error), team, key, alias and status. The search is cut to the person's teams on the server, in the service.
/// </summary>
public sealed partial class RequestsPage
{
    private static readonly int[] PeriodChoices = [1, 6, 24, 72, ExplorerPeriod.MaxHours];

    private ExplorerPage<RequestView> _page = new([], false, default, default);
    private IReadOnlyList<TeamView> _teams = [];
    private string? _requestId;
    private Guid? _teamId;
    private string? _key;
    private string? _alias;
    private string? _status;
    private int _hours = 1;
    private int _skip;
    private (DateTimeOffset From, DateTimeOffset To)? _period;
    private DateTimeOffset _at;
    private bool _loading;
    private string? _error;

    [Inject]
    private PortalAccess Access { get; set; } = default!;

    [Inject]
    private RequestExplorerService Explorer { get; set; } = default!;

    [Inject]
    private TeamService Teams { get; set; } = default!;

    [Inject]
    private IOptions<MeteringOptions> Metering { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    /// <summary>A request id to look up at once, as in <c>/requests?requestId=...</c>.</summary>
    [SupplyParameterFromQuery(Name = "requestId")]
    public string? RequestIdParameter { get; set; }

    protected override async Task OnInitializedAsync()
    {
        var visible = await Access.TeamsAsync();
        _teams = [.. (await Teams.ListAsync()).Where(t => visible is null || visible.Contains(t.Id)).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)];
        if (!string.IsNullOrWhiteSpace(RequestIdParameter))
        {
            _requestId = RequestIdParameter;
            _hours = ExplorerPeriod.MaxHours;
        }

        await RefreshAsync();
    }

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
            var visible = await Access.TeamsAsync();
            _at = Clock.GetUtcNow();
            // Later pages keep the first page's period, so they do not shift as new records arrive.
            _page = await Explorer.SearchAsync(
                new RequestQuery
                {
                    RequestId = _requestId, TeamId = _teamId, Key = _key, Alias = _alias, Status = _status,
                    Hours = _period is null ? _hours : null, From = _period?.From, To = _period?.To, Skip = _skip,
                },
                visible);
            _period = (_page.From, _page.To);
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

    private static string Number(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Key(RequestView r) =>
        r.KeyPrefix is { } prefix ? $"{r.KeyName} ({prefix}…)" : r.ApiKeyId is null ? "Entra ID" : "deleted key";

    private static Color StatusColor(int status) => status switch
    {
        429 => Color.Warning,
        >= 500 => Color.Error,
        >= 400 => Color.Warning,
        _ => Color.Success,
    };
}
