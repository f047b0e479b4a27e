using AiGateway.Portal.Components.Pages.Teams;
using AiGateway.Portal.Components.Shared;
using AiGateway.Shared.Model;
using AiGateway.Shared.Services.Alerts;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AiGateway.Portal.Components.Pages.Alerts;

/// <summary>
/// Alert channels of one scope (a team's, or the global ones with <see cref="TeamId"/> null): the list, a form to add
/// or edit one, delete, and "Send test" with its result beside the channel; with <see cref="ShowDeliveries"/>, the
/// delivery log too. Controls are shown as the rules allow; <see cref="AlertsWorkspace"/> checks them again on every call.
/// </summary>
public sealed partial class AlertChannelsPanel : TeamComponentBase
{
    /// <summary>The kinds a person can subscribe to; Test is sent only on demand.</summary>
    public static readonly IReadOnlyList<AlertKind> SubscribableKinds = [.. Enum.GetValues<AlertKind>().Where(k => k != AlertKind.Test)];

    private static readonly string[] Fields = ["name", "kind", "url", "recipients", "kinds"];

    private readonly FormErrors _formErrors = new();
    private readonly Dictionary<Guid, AlertDeliveryView> _tests = [];
    private readonly HashSet<AlertKind> _kinds = [];
    private IReadOnlyList<AlertChannelView> _channels = [];
    private IReadOnlyList<AlertDeliveryView> _deliveries = [];
    private bool _canManage;
    private bool _formOpen;
    private Guid? _editing;
    private string? _name;
    private AlertChannelKind _kind = AlertChannelKind.Webhook;
    private string? _url;
    private string? _recipients;
    private bool _enabled = true;
    private Guid? _loadedFor;
    private bool _loaded;

    [Inject]
    private AlertsWorkspace Alerts { get; set; } = default!;

    /// <summary>The team whose channels these are; null for the global channels.</summary>
    [Parameter]
    public Guid? TeamId { get; set; }

    [Parameter]
    public bool ShowDeliveries { get; set; } = true;

    protected override async Task OnParametersSetAsync()
    {
        if (!_loaded || _loadedFor != TeamId)
        {
            _loaded = true;
            _loadedFor = TeamId;
            _tests.Clear();
            _formOpen = false;
            await LoadAsync();
        }
    }

    protected override async Task ReadAsync()
    {
        _canManage = await Alerts.MayManageAsync(TeamId);
        _channels = await Alerts.ListAsync(TeamId);
        _deliveries = _canManage && ShowDeliveries ? await Alerts.ListDeliveriesAsync(TeamId) : [];
    }

    private bool IsWebhook => _kind != AlertChannelKind.Email;

    private void StartAdding()
    {
        _editing = null;
        _name = null;
        _kind = AlertChannelKind.Webhook;
        _url = null;
        _recipients = null;
        _enabled = true;
        _kinds.Clear();
        _kinds.UnionWith(SubscribableKinds);
        _formErrors.Clear();
        _formOpen = true;
    }

    private void StartEditing(AlertChannelView channel)
    {
        _editing = channel.Id;
        _name = channel.Name;
        _kind = channel.Kind;
        _url = null;
        _recipients = channel.Recipients;
        _enabled = channel.Enabled;
        _kinds.Clear();
        _kinds.UnionWith(channel.Kinds);
        _formErrors.Clear();
        _formOpen = true;
    }

    private void ToggleKind(AlertKind kind, bool on)
    {
        if (on)
        {
            _kinds.Add(kind);
        }
        else
        {
            _kinds.Remove(kind);
        }
    }

    private async Task SaveAsync()
    {
        Busy = true;
        _formErrors.Clear();
        try
        {
            var input = new AlertChannelInput(_name, _kind, IsWebhook ? _url : null, IsWebhook ? null : _recipients, [.. _kinds.Order()], _enabled);
            var saved = await Alerts.SaveAsync(TeamId, _editing, input);
            Snackbar.Add($"Alert channel '{saved.Name}' saved.", Severity.Success);
            _formOpen = false;
            await LoadAsync();
        }
        catch (Exception e) when (_formErrors.TryCapture(e, Fields))
        {
            // Shown in the form: each message under its field, a refusal above them.
        }
        finally
        {
            Busy = false;
        }
    }

    private async Task DeleteAsync(AlertChannelView channel)
    {
        if (!await ConfirmDialog.ShowAsync(Dialogs, "Delete alert channel", $"Delete alert channel '{channel.Name}'? Its delivery log goes with it.", "Delete"))
        {
            return;
        }

        await RunAsync(async () =>
        {
            await Alerts.DeleteAsync(TeamId, channel.Id);
            return $"Alert channel '{channel.Name}' deleted.";
        });
    }

    private async Task SendTestAsync(AlertChannelView channel)
    {
        await RunAsync(async () =>
        {
            var result = await Alerts.SendTestAsync(TeamId, channel.Id);
            _tests[channel.Id] = result;
            return null;
        });
    }

    private static Color StateColor(AlertDeliveryState state) => state switch
    {
        AlertDeliveryState.Delivered => Color.Success,
        AlertDeliveryState.Failed => Color.Error,
        _ => Color.Warning,
    };
}
