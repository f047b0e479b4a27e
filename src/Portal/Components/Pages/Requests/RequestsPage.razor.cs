using System.Globalization;
using AiGateway.Gateway.Metering;
using AiGateway.Portal.Auth;
using AiGateway.Portal.Components.Shared;
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
    private ExplorerSearch<RequestQuery, RequestView> _search = null!;
    private IReadOnlyList<TeamView> _teams = [];
    private string? _requestId;
    private string? _status;

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
        _search = new(Access, Clock, () => new RequestQuery { RequestId = _requestId, Status = _status }, (query, visible) => Explorer.SearchAsync(query, visible), hours: 1);
        var visible = await Access.TeamsAsync();
        _teams = [.. (await Teams.ListAsync()).Where(t => visible is null || visible.Contains(t.Id)).OrderBy(t => t.Name, StringComparer.OrdinalIgnoreCase)];
        if (!string.IsNullOrWhiteSpace(RequestIdParameter))
        {
            _requestId = RequestIdParameter;
            _search.Hours = ExplorerPeriod.MaxHours;
        }

        await _search.RefreshAsync();
    }

    private string TeamLabel(Guid? id) => id is { } team ? _teams.FirstOrDefault(t => t.Id == team)?.Name ?? team.ToString() : "All teams";

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
