using System.Globalization;

namespace AiGateway.Portal.Hosting;

/// <summary>
/// The security header values, built once at start from <see cref="SecurityHeadersOptions"/>: every answer (a model
/// call through the gateway included) only assigns these strings, it never builds a policy.
/// </summary>
public sealed class SecurityHeaderValues
{
    /// <summary>For everything that is not a page (management API, gateway, health, files): nothing may load or run.</summary>
    public const string NonPagePolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public const string PermissionsPolicy =
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=(), " +
        "clipboard-write=(self), fullscreen=(self)";

    public SecurityHeaderValues(SecurityHeadersOptions options, bool production)
    {
        ArgumentNullException.ThrowIfNull(options);
        var formAction = string.Join(' ', ["'self'", .. options.FormActionOrigins.Select(NormaliseOrigin).Distinct(StringComparer.OrdinalIgnoreCase)]);
        PagePolicy = string.Join("; ",
            "default-src 'self'",
            // Blazor and MudBlazor load only their own files: no inline script, no eval.
            "script-src 'self'",
            // MudBlazor needs inline styles: MudThemeProvider writes its palette as a <style> element at run time, and
            // its components (popovers, progress bars, charts) set style attributes. Script stays strict, and inline
            // CSS cannot run code in a current browser.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "font-src 'self' data:",
            // The Blazor circuit's WebSocket: 'self' covers ws:/wss: to this same host.
            "connect-src 'self'",
            "frame-src 'none'",
            "frame-ancestors 'none'",
            "base-uri 'self'",
            "object-src 'none'",
            "form-action " + formAction);
        Hsts = production
            ? "max-age=" + ((long)TimeSpan.FromDays(options.HstsMaxAgeDays).TotalSeconds).ToString(CultureInfo.InvariantCulture) + "; includeSubDomains"
            : null;
    }

    /// <summary>For HTML pages (the portal).</summary>
    public string PagePolicy { get; }

    /// <summary><c>Strict-Transport-Security</c> in Production (browsers ignore it on plain HTTP); null elsewhere.</summary>
    public string? Hsts { get; }

    /// <summary>The origin of an absolute http(s) address, as a CSP source; anything else is a configuration error.</summary>
    public static string NormaliseOrigin(string value)
    {
        if (!Uri.TryCreate(value?.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidOperationException(
                $"{SecurityHeadersOptions.SectionName}:{nameof(SecurityHeadersOptions.FormActionOrigins)} holds '{value}', which is not an absolute http(s) address such as https://login.example.com.");
        }

        return uri.GetLeftPart(UriPartial.Authority);
    }
}
