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
        builder.Services.AddProblemDetails();
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
