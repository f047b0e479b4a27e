namespace AiGateway.Portal.Hosting;

public static class SecurityHeaders
{
    /// <summary>Headers every answer carries: no sniffing, no framing, no referrer leaking ids to other sites.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            return next(context);
        });
}
