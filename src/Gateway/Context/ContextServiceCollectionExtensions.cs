using AiGateway.Gateway.Errors;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Context;

public static class ContextServiceCollectionExtensions
{
    /// <summary>
    /// The gateway's front door: its request-head limits (<c>Gateway:Limits</c>, validated at start) and the server
    /// limits set from them, and the exception handler that answers gateway paths in the OpenAI error shape (heard
    /// when the host uses the exception handler middleware).
    /// </summary>
    public static IHostApplicationBuilder AddGatewayContext(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<GatewayLimitsOptions>().BindConfiguration(GatewayLimitsOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IPostConfigureOptions<KestrelServerOptions>, GatewayServerLimits>());
        services.AddExceptionHandler<GatewayExceptionHandler>();
        return builder;
    }
}
