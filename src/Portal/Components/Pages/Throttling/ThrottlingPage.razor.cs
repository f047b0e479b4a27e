using AiGateway.Gateway.Metering;
using AiGateway.Portal.Auth;
using AiGateway.Shared.Services.Quotas;
using Microsoft.AspNetCore.Components;

namespace AiGateway.Portal.Components.Pages.Throttling;

/// <summary>
/// Recent denials (quota refusals) and backend throttles of this replica, with their reason, so a team can see why it
/// was throttled. The entries are cut to the person's teams on the server before they reach the page.
/// </summary>
public sealed partial class ThrottlingPage
{
    private IReadOnlyList<ThrottleLogEntry> _entries = [];
    private Dictionary<Guid, QuotaPolicyView> _policies = [];
    private Guid? _teamId;
    private string? _alias;
    private ThrottleLogKind? _kind;
    private DateTimeOffset _at;

    [Inject]
    private PortalAccess Access { get; set; } = default!;

    [Inject]
    private ThrottleLog Log { get; set; } = default!;

    [Inject]
    private QuotaPolicyService Policies { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    protected override Task OnInitializedAsync() => RefreshAsync();

    private async Task RefreshAsync()
    {
        var visible = await Access.TeamsAsync();
        _entries = Log.Recent(visible);
        var policies = await Policies.ListAsync();
        _policies = policies.Where(p => visible is null || visible.Contains(p.TeamId)).ToDictionary(p => p.Id);
        _at = Clock.GetUtcNow();
    }

    private IEnumerable<ThrottleLogEntry> Shown => _entries.Where(e =>
        (_teamId is null || e.TeamId == _teamId)
        && (_alias is null || string.Equals(e.AliasName, _alias, StringComparison.Ordinal))
        && (_kind is null || e.Kind == _kind));

    private IEnumerable<(Guid Id, string Name)> TeamChoices => _entries.Select(e => (e.TeamId, e.TeamName)).Distinct().OrderBy(t => t.TeamName, StringComparer.OrdinalIgnoreCase);

    private IEnumerable<string> AliasChoices => _entries.Select(e => e.AliasName).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);

    private string TeamLabel(Guid? id) => id is { } team ? _entries.FirstOrDefault(e => e.TeamId == team)?.TeamName ?? team.ToString() : "All teams";

    private static string KindLabel(ThrottleLogKind? kind) => kind switch
    {
        ThrottleLogKind.QuotaRefusal => "Quota refusals",
        ThrottleLogKind.BackendThrottle => "Backend throttles",
        _ => "All kinds",
    };

    private string Reason(ThrottleLogEntry entry) =>
        ThrottleReason.Describe(entry, entry.PolicyId is { } id ? _policies.GetValueOrDefault(id) : null);

    private static string Caller(ThrottleLogEntry entry) =>
        entry.KeyPrefix is { } prefix ? $"{entry.KeyName} ({prefix}…)" : entry.EntraAppId is { } app ? $"Entra app {app}" : "–";
}
