using System.Text.Json.Serialization;
using AiGateway.Portal.Api;

namespace AiGateway.Portal.Hosting;

public static class PortalHostingExtensions
{
    /// <summary>
    /// Problem details for every error outside the gateway's paths, and the exception handlers behind them (the
    /// gateway's own handler answers its paths in the OpenAI shape). Every role needs them: the exception handler
    /// middleware is what runs the gateway's handler too.
    /// </summary>
    public static IHostApplicationBuilder AddErrorAnswers(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
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
        return builder;
    }

    /// <summary>JSON with enum names for the management API, and its OpenAPI document.</summary>
    public static IHostApplicationBuilder AddManagementApi(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddOpenApi();
        return builder;
    }

    public static WebApplication UseErrorAnswers(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        return app;
    }
}
