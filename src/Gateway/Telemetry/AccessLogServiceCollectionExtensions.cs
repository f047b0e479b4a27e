using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace AiGateway.Gateway.Telemetry;

public static class AccessLogServiceCollectionExtensions
{
    /// <summary>
    /// The access log (<see cref="AccessLog"/>), one line per gateway model request; settings under
    /// <c>Gateway:AccessLog</c>. The request path's spans need no registration: the host subscribes to
    /// <see cref="GatewayActivities.SourceName"/>.
    /// </summary>
    public static IHostApplicationBuilder AddGatewayAccessLog(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<AccessLogOptions>().BindConfiguration(AccessLogOptions.SectionName);
        services.TryAddSingleton<AccessLog>();
        return builder;
    }
}
