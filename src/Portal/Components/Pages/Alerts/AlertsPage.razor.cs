using AiGateway.Portal.Components.Shared;

namespace AiGateway.Portal.Components.Pages.Alerts;

/// <summary>The global alert channels and every channel's delivery log; admins only, checked on the server.</summary>
public sealed partial class AlertsPage : AdminPageBase
{
    protected override string AdminOnlyMessage => "Only admins can manage global alert channels.";

    protected override Task LoadAsync() => Task.CompletedTask;

    protected override void ClearData()
    {
    }
}
