using AiGateway.Portal.Auth;
using AiGateway.Shared.Services;
using MudBlazor;

namespace AiGateway.Portal.Components.Shared;

/// <summary>
/// How an admin page runs one change: as the signed-in admin (checked again on the server, after any confirmation),
/// with the service's refusals (conflict, not found, invalid input) shown as a message rather than a broken circuit,
/// and the page reloaded either way.
/// </summary>
public static class AdminChange
{
    public static async Task RunAsync(
        PortalAccess access,
        ISnackbar snackbar,
        Func<Task<bool>> ensureAdmin,
        Func<string, Task> change,
        string success,
        Func<Task> reload)
    {
        ArgumentNullException.ThrowIfNull(access);
        ArgumentNullException.ThrowIfNull(snackbar);
        ArgumentNullException.ThrowIfNull(ensureAdmin);
        ArgumentNullException.ThrowIfNull(change);
        ArgumentNullException.ThrowIfNull(reload);
        if (!await ensureAdmin())
        {
            return;
        }

        try
        {
            await change(await access.ActorAsync());
            snackbar.Add(success, Severity.Success);
        }
        catch (Exception e) when (e is EntityConflictException or EntityNotFoundException or RequestValidationException)
        {
            snackbar.Add(e.Message, Severity.Error);
        }

        await reload();
    }
}
