using AiGateway.Portal.Components.Shared;
using Microsoft.AspNetCore.Components;

namespace AiGateway.Portal.Components.Pages.Teams;

/// <summary>
/// The teams list and a team's tabs: they act through <see cref="TeamWorkspace"/>, which checks the owner, member and
/// admin rules on the server for every call, and they name a refusal in an error line above their table.
/// </summary>
public abstract class TeamComponentBase : PortalComponentBase
{
    [Inject]
    protected TeamWorkspace Workspace { get; set; } = default!;

    protected bool Loading { get; private set; } = true;

    /// <summary>The last refusal, shown above the table until the next action or until closed.</summary>
    protected string? Error { get; set; }

    protected override bool ReloadsAfterRefusal => false;

    /// <summary>Reads the component's data; the workspace throws when this person may not see it.</summary>
    protected abstract Task ReadAsync();

    protected sealed override async Task LoadAsync()
    {
        Loading = true;
        try
        {
            await ReadAsync();
        }
        catch (Exception e) when (ShowRefusal(e))
        {
            // Named in the error line; the table keeps what it showed.
        }
        finally
        {
            Loading = false;
        }
    }

    /// <summary>No check here: the workspace makes it on every call. A new action starts without the last one's refusal.</summary>
    protected sealed override Task<bool> BeforeChangeAsync()
    {
        Error = null;
        return Task.FromResult(true);
    }

    protected sealed override bool ShowRefusal(Exception exception)
    {
        var errors = new FormErrors();
        if (!errors.TryCapture(exception))
        {
            return false;
        }

        Error = errors.General;
        return true;
    }

    /// <summary>Reads again after a change made elsewhere (a dialog saved it), with the same error line as a change.</summary>
    protected Task RefreshAsync() => RunAsync(() => Task.FromResult<string?>(null));
}
