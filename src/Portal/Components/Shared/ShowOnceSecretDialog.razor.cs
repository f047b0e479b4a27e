using System.Globalization;
using AiGateway.Gateway.Configuration;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;
using Microsoft.JSInterop;
using MudBlazor;

namespace AiGateway.Portal.Components.Shared;

/// <summary>
/// The one place a key's secret is shown. The secret lives only in this dialog's parameters: once it closes, no
/// component holds it any more.
/// </summary>
public sealed partial class ShowOnceSecretDialog
{
    private bool _copied;

    [CascadingParameter]
    private IMudDialogInstance Dialog { get; set; } = default!;

    [Inject]
    private IJSRuntime JS { get; set; } = default!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [Inject]
    private IOptionsMonitor<GatewayOptions> Gateway { get; set; } = default!;

    [Parameter]
    public string Title { get; set; } = "Your new key";

    [Parameter, EditorRequired]
    public string Secret { get; set; } = string.Empty;

    /// <summary>The key's public prefix, to match the secret with its row in the list.</summary>
    [Parameter]
    public string? Prefix { get; set; }

    /// <summary>The model alias the snippets call.</summary>
    [Parameter]
    public string Alias { get; set; } = "<alias>";

    /// <summary>The gateway's base address; this portal's own address by default, where the gateway is served too.</summary>
    [Parameter]
    public string? GatewayBaseUri { get; set; }

    private string BaseUri => GatewayBaseUri ?? Navigation.BaseUri;

    // The portal reloaded this replica's gateway before showing the key; the others find it at their next poll.
    private string Propagation =>
        "It works at once on this server; other replicas of the gateway accept it within "
        + Gateway.CurrentValue.ConfigPollSeconds.ToString("0.##", CultureInfo.InvariantCulture)
        + " seconds (Gateway:ConfigPollSeconds).";

    public static async Task ShowAsync(IDialogService dialogs, string title, string secret, string? prefix, string alias)
    {
        var parameters = new DialogParameters<ShowOnceSecretDialog>
        {
            { d => d.Title, title },
            { d => d.Secret, secret },
            { d => d.Prefix, prefix },
            { d => d.Alias, alias },
        };

        // Not closed by a stray click or Escape: the secret would be lost before it was copied.
        var options = new DialogOptions { BackdropClick = false, CloseOnEscapeKey = false, MaxWidth = MaxWidth.Medium, FullWidth = true };
        var dialog = await dialogs.ShowAsync<ShowOnceSecretDialog>(title, parameters, options);
        await dialog.Result;
    }

    private async Task CopyAsync()
    {
        try
        {
            await JS.InvokeVoidAsync("navigator.clipboard.writeText", Secret);
            _copied = true;
            Snackbar.Add("Key copied to the clipboard.", Severity.Success);
        }
        catch (JSException)
        {
            // Clipboard access needs a secure context or permission; the key is still on screen to copy by hand.
            Snackbar.Add("The browser refused the clipboard; select the key and copy it by hand.", Severity.Warning);
        }
    }

    private void Done() => Dialog.Close(DialogResult.Ok(true));
}
