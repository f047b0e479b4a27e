namespace AiGateway.Portal.Hosting;

/// <summary>
/// Sets the security headers as each answer starts, when its content type is known: HTML pages get the portal's
/// Content Security Policy, every other answer a policy that allows nothing.
/// </summary>
public sealed class SecurityHeadersMiddleware
{
    private readonly RequestDelegate _next;
    private readonly SecurityHeaderValues _values;
    // One delegate for the app's lifetime: registering it per answer allocates nothing beyond the callback entry.
    private readonly Func<object, Task> _apply;

    public SecurityHeadersMiddleware(RequestDelegate next, SecurityHeaderValues values)
    {
        _next = next;
        _values = values;
        _apply = Apply;
    }

    public Task InvokeAsync(HttpContext context)
    {
        // Set as the response starts, so they replace (not duplicate) whatever a proxied backend sent.
        context.Response.OnStarting(_apply, context);
        return _next(context);
    }

    private Task Apply(object state)
    {
        var response = ((HttpContext)state).Response;
        var headers = response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        headers["Permissions-Policy"] = SecurityHeaderValues.PermissionsPolicy;
        headers.ContentSecurityPolicy = IsPage(response.ContentType) ? _values.PagePolicy : SecurityHeaderValues.NonPagePolicy;
        if (_values.Hsts is { } hsts)
        {
            headers.StrictTransportSecurity = hsts;
        }

        return Task.CompletedTask;
    }

    private static bool IsPage(string? contentType) =>
        contentType is not null && contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase);
}
