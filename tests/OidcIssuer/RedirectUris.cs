namespace AiGateway.OidcIssuer;

/// <summary>
/// Which redirect URIs the issuer sends codes to: absolute http(s) addresses on a loopback host. The tests learn the
/// portal's port only after it starts, so URIs are not registered one by one; the loopback rule keeps codes on the machine.
/// </summary>
public static class RedirectUris
{
    public static bool IsAllowed(string? uri) =>
        Uri.TryCreate(uri, UriKind.Absolute, out var parsed)
        && parsed.Scheme is "http" or "https"
        && parsed.IsLoopback
        && string.IsNullOrEmpty(parsed.Fragment);

    /// <summary>The redirect URI with parameters added to its query.</summary>
    public static string WithQuery(string uri, IEnumerable<KeyValuePair<string, string?>> parameters)
    {
        var query = string.Join('&', parameters.Where(p => p.Value is not null)
            .Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value!)}"));
        return uri + (uri.Contains('?', StringComparison.Ordinal) ? "&" : "?") + query;
    }
}
