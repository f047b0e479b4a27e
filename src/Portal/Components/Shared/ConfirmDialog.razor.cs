using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Shared;

/// <summary>A reusable confirmation dialog for destructive or consequential actions.</summary>
public sealed partial class ConfirmDialog
{
    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Parameter]
    public string Title { get; set; } = "Are you sure?";

    [Parameter]
    public string Message { get; set; } = string.Empty;

    [Parameter]
    public string ConfirmText { get; set; } = "Confirm";

    [Parameter]
    public string CancelText { get; set; } = "Cancel";

    /// <summary>The colour of the confirm button; Error for destructive actions.</summary>
    [Parameter]
    public Color Color { get; set; } = Color.Error;

    /// <summary>Shows the dialog and waits: true when the person confirmed, false when they cancelled or closed it.</summary>
    public static async Task<bool> ShowAsync(
        IDialogService dialogs,
        string title,
        string message,
        string confirmText = "Confirm",
        Color color = Color.Error)
    {
        var parameters = new DialogParameters<ConfirmDialog>
        {
            { d => d.Title, title },
            { d => d.Message, message },
            { d => d.ConfirmText, confirmText },
            { d => d.Color, color },
        };
        var options = new DialogOptions { CloseOnEscapeKey = true, MaxWidth = MaxWidth.Small, FullWidth = true };
        var dialog = await dialogs.ShowAsync<ConfirmDialog>(title, parameters, options);
        var result = await dialog.Result;
        return result is { Canceled: false };
    }

    private void Confirm() => Dialog.Close(DialogResult.Ok(true));

    private void Cancel() => Dialog.Cancel();
}
