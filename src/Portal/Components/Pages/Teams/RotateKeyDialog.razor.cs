using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Services.Keys;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Teams;

/// <summary>Rotates a key with an overlap period; closes with the replacement's <see cref="IssuedApiKey"/>.</summary>
public sealed partial class RotateKeyDialog
{
    private static readonly string[] Fields = ["overlapMinutes"];

    private readonly FormErrors _errors = new();
    private int _overlap = RotateApiKeyInput.DefaultOverlapMinutes / 60;
    private OverlapUnit _unit = OverlapUnit.Hours;
    private bool _saving;

    public enum OverlapUnit
    {
        Minutes,
        Hours,
    }

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private TeamWorkspace Workspace { get; set; } = default!;

    [Parameter, EditorRequired]
    public Guid TeamId { get; set; }

    [Parameter, EditorRequired]
    public ApiKeyView Key { get; set; } = default!;

    public static async Task<IssuedApiKey?> ShowAsync(IDialogService dialogs, Guid teamId, ApiKeyView key)
    {
        ArgumentNullException.ThrowIfNull(dialogs);
        var parameters = new DialogParameters<RotateKeyDialog> { { d => d.TeamId, teamId }, { d => d.Key, key } };
        var options = new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true, BackdropClick = false };
        var dialog = await dialogs.ShowAsync<RotateKeyDialog>("Rotate key", parameters, options);
        return await dialog.Result is { Canceled: false, Data: IssuedApiKey issued } ? issued : null;
    }

    public static int ToMinutes(int overlap, OverlapUnit unit) =>
        unit == OverlapUnit.Hours ? (int)Math.Min((long)overlap * 60, int.MaxValue) : overlap;

    private async Task RotateAsync()
    {
        _saving = true;
        _errors.Clear();
        try
        {
            var input = new RotateApiKeyInput { OverlapMinutes = ToMinutes(_overlap, _unit) };
            Dialog.Close(DialogResult.Ok(await Workspace.RotateKeyAsync(TeamId, Key.Id, input)));
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
