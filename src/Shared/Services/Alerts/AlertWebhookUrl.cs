using System.Net;
using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Alerts;

/// <summary>
/// The rules for webhook URLs. Team owners choose them and this server calls them (SSRF), so they must be https
/// unless they point at this machine's loopback or an admin allowed http (<c>Alerts:AllowHttpWebhooks</c>).
/// </summary>
public static class AlertWebhookUrl
{
    /// <summary>Null when the URL may be used; otherwise why not.</summary>
    public static string? Problem(string url, bool allowHttp)
    {
        if (url.Length > FieldLimits.Url || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            return "must be an absolute https URL.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "must not carry a user name or password.";
        }

        if (uri.Scheme == Uri.UriSchemeHttps)
        {
            return null;
        }

        if (uri.Scheme != Uri.UriSchemeHttp)
        {
            return "must be an https URL.";
        }

        return allowHttp || IsLoopback(uri) ? null : "must be https (plain http is allowed only for loopback addresses, or when Alerts:AllowHttpWebhooks is true).";
    }

    /// <summary>What may be shown of a URL: its scheme and host; the path and query often hold the token.</summary>
    public static string Mask(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}/***" : "***";

    private static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address));
}
