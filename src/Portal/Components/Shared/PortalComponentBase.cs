using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Shared;

/// <summary>
/// The one way a portal page or tab runs a change: the server-side check first, then the change, its success in the
/// snackbar, a refusal shown where the page shows refusals rather than breaking the circuit, and the data reloaded.
/// <see cref="AdminPageBase"/> checks the admin role before each change; the team parts leave the owner and member
/// rules to the workspace service, which checks them on every call.
/// </summary>
public abstract class PortalComponentBase : ComponentBase
{
    [Inject]
    protected ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    protected IDialogService Dialogs { get; set; } = default!;

    /// <summary>True while a change runs, so that the action buttons can refuse a second click.</summary>
    protected bool Busy { get; set; }

    /// <summary>
    /// Whether a refused change reloads the data too: admin pages do, since a conflict or a missing entity usually
    /// means the page is out of date; the team parts keep what they show and name the refusal in their error line.
    /// </summary>
    protected virtual bool ReloadsAfterRefusal => true;

    /// <summary>Reads what the component shows, after every change.</summary>
    protected abstract Task LoadAsync();

    /// <summary>The check on the server before a change; false when the change must not run (the refusal already shown).</summary>
    protected abstract Task<bool> BeforeChangeAsync();

    /// <summary>Shows a refusal the person can act on and returns true; false lets any other fault through.</summary>
    protected abstract bool ShowRefusal(Exception exception);

    /// <summary>Runs one change; the change returns the success message, or null when there is nothing to announce.</summary>
    protected async Task RunAsync(Func<Task<string?>> change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (!await BeforeChangeAsync())
        {
            return;
        }

        Busy = true;
        try
        {
            try
            {
                if (await change() is { } success)
                {
                    Snackbar.Add(success, Severity.Success);
                }
            }
            catch (Exception e) when (ShowRefusal(e))
            {
                if (!ReloadsAfterRefusal)
                {
                    return;
                }
            }

            await LoadAsync();
        }
        finally
        {
            Busy = false;
        }
    }
}
