using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Keys;
using AiGateway.Shared.Services.Teams;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Teams;

/// <summary>Issues a key within the team's limits (checked by the key service); closes with the <see cref="IssuedApiKey"/>.</summary>
public sealed partial class IssueKeyDialog
{
    /// <summary>The expiry offered when the team sets no maximum.</summary>
    public const int DefaultLifetimeDays = 90;

    private static readonly string[] Fields = ["name", "allowedAliases", "expiresAt", "priority"];

    private readonly FormErrors _errors = new();
    private string? _name;
    private IReadOnlyCollection<string> _selectedAliases = [];
    private int? _expiresInDays;
    private PriorityClass? _priority;
    private bool _saving;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private TeamWorkspace Workspace { get; set; } = default!;

    [Inject]
    private TimeProvider Clock { get; set; } = default!;

    [Parameter, EditorRequired]
    public TeamView Team { get; set; } = default!;

    /// <summary>The aliases this team's keys may be scoped to.</summary>
    [Parameter]
    public IReadOnlyList<string> Aliases { get; set; } = [];

    private string ExpiryHelp => (_expiresInDays, Team.MaxKeyLifetimeDays) switch
    {
        ({ } days, { } max) => $"Expires {TeamFormat.Time(Clock.GetUtcNow().AddDays(days))}; at most {max} days for this team.",
        ({ } days, null) => $"Expires {TeamFormat.Time(Clock.GetUtcNow().AddDays(days))}.",
        (null, { } max) => $"Required: at most {max} days for this team.",
        _ => "Empty: the key never expires.",
    };

    public static async Task<IssuedApiKey?> ShowAsync(IDialogService dialogs, TeamView team, IReadOnlyList<string> aliases)
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        var parameters = new DialogParameters<IssueKeyDialog> { { d => d.Team, team }, { d => d.Aliases, aliases } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false };
        var dialog = await dialogs.ShowAsync<IssueKeyDialog>("Issue a key", parameters, options);
        return await dialog.Result is { Canceled: false, Data: IssuedApiKey issued } ? issued : null;
    }

    protected override void OnInitialized() =>
        _expiresInDays = Math.Min(DefaultLifetimeDays, Team.MaxKeyLifetimeDays ?? DefaultLifetimeDays);

    private async Task IssueAsync()
    {
        _saving = true;
        _errors.Clear();
        try
        {
            var input = new ApiKeyInput
            {
                Name = _name,
                AllowedAliases = [.. _selectedAliases],
                ExpiresAt = _expiresInDays is { } days ? Clock.GetUtcNow().AddDays(days) : null,
                Priority = _priority,
            };
            Dialog.Close(DialogResult.Ok(await Workspace.IssueKeyAsync(Team.Id, input)));
        }
        catch (Exception e) when (_errors.TryCapture(e, Fields))
        {
        }
        finally
        {
            _saving = false;
        }
    }

    private void Cancel() => Dialog.Cancel();
}
