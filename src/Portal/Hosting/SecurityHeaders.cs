namespace AiGateway.Portal.Hosting;

public static class SecurityHeaders
{
    /// <summary>Headers every answer carries: no sniffing, no framing, no referrer leaking ids to other sites.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            // Set as the response starts, so they replace (not duplicate) whatever a proxied backend sent.
            context.Response.OnStarting(static state =>
            {
                var headers = ((HttpContext)state).Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                return Task.CompletedTask;
            }, context);
            return next(context);
        });
}
