using AiGateway.Portal.Auth;
using AiGateway.Shared.Services;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Shared;

/// <summary>
/// A page for admins only. The page attribute only hides it: <see cref="PortalAccess"/> is asked again on the server
/// when the page opens and before every action, so a page rendered for an admin whose role has gone since shows and
/// changes nothing more.
/// </summary>
public abstract class AdminPageBase : PortalComponentBase
{
    /// <summary>For the admin pages' editor dialogs: wide forms, and a stray click beside one must not throw away the input.</summary>
    protected static readonly DialogOptions EditorOptions = new() { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true, BackdropClick = false };

    [Inject]
    protected PortalAccess Access { get; set; } = default!;

    /// <summary>Whether the server last said this person is an admin.</summary>
    protected bool Allowed { get; private set; }

    protected bool Loading { get; set; } = true;

    /// <summary>Shown in place of the page to a non-admin, and in the snackbar when an action is refused.</summary>
    protected abstract string AdminOnlyMessage { get; }

    /// <summary>Drops everything the page shows, once the server says this person is no longer an admin.</summary>
    protected abstract void ClearData();

    protected override async Task OnInitializedAsync()
    {
        Allowed = await Access.IsAdminAsync();
        if (Allowed)
        {
            await LoadAsync();
        }

        Loading = false;
    }

    /// <summary>Asks the server again, and stops showing the page's data when the answer is no; says nothing (for refreshes).</summary>
    protected async Task<bool> IsStillAdminAsync()
    {
        if (await Access.IsAdminAsync())
        {
            return true;
        }

        Allowed = false;
        ClearData();
        return false;
    }

    /// <summary>The check before every action: as <see cref="IsStillAdminAsync"/>, and the refusal in the snackbar.</summary>
    protected async Task<bool> EnsureAdminAsync()
    {
        if (await IsStillAdminAsync())
        {
            return true;
        }

        Snackbar.Add(AdminOnlyMessage, Severity.Error);
        return false;
    }

    protected sealed override Task<bool> BeforeChangeAsync() => EnsureAdminAsync();

    protected sealed override bool ShowRefusal(Exception exception)
    {
        if (exception is not (EntityConflictException or EntityNotFoundException or RequestValidationException))
        {
            return false;
        }

        Snackbar.Add(exception.Message, Severity.Error);
        return true;
    }

    /// <summary>Runs one change as the signed-in admin, named for the audit log, after the check on the server.</summary>
    protected Task RunAsync(Func<string, Task> change, string success)
    {
        ArgumentNullException.ThrowIfNull(change);
        return RunAsync(async () =>
        {
            await change(await Access.ActorAsync());
            return success;
        });
    }

    /// <summary>Asks before a consequential action; an admin whose role has gone is refused before the question.</summary>
    protected async Task<bool> ConfirmAsync(string title, string message, string confirmText, Color color = Color.Error) =>
        await EnsureAdminAsync() && await ConfirmDialog.ShowAsync(Dialogs, title, message, confirmText, color);

    /// <summary>
    /// Opens an editor dialog, which saves through the service itself (checking the admin role again); on a save,
    /// says so and reloads. Returns what was saved, or null when the dialog was cancelled.
    /// </summary>
    protected async Task<TResult?> EditAsync<TDialog, TResult>(string title, DialogParameters parameters, Func<TResult, string> success)
        where TDialog : IComponent
        where TResult : class
    {
        ArgumentNullException.ThrowIfNull(success);
        var dialog = await Dialogs.ShowAsync<TDialog>(title, parameters, EditorOptions);
        if (await dialog.Result is not { Canceled: false, Data: TResult saved })
        {
            return null;
        }

        Snackbar.Add(success(saved), Severity.Success);
        await LoadAsync();
        return saved;
    }
}
