using System.Text.Json.Serialization;
using AiGateway.Portal.Api;

namespace AiGateway.Portal.Hosting;

public static class PortalHostingExtensions
{
    /// <summary>JSON with enum names, problem details for every error, and the OpenAPI document.</summary>
    public static IHostApplicationBuilder AddManagementApi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = context =>
        {
            // Tell a caller how to authenticate, without saying whether a token it sent was close.
            context.ProblemDetails.Detail ??= context.ProblemDetails.Status switch
            {
                StatusCodes.Status401Unauthorized => "Sign in to the portal, or send 'Authorization: Bearer <token>' with Admin:BootstrapToken or a team API token.",
                StatusCodes.Status403Forbidden => "This operation needs the Admin role, or a team role or team token scope that allows it.",
                _ => null,
            };
        });
        builder.Services.AddExceptionHandler<ProblemDetailsExceptionHandler>();
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication UseManagementApi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
