using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AiGateway.Shared.Services.Chargeback;

public static class ChargebackServiceCollectionExtensions
{
    /// <summary>The chargeback period settings, and the background closer that closes each day after it ends (the services are in <c>AddGatewayData</c>).</summary>
    public static IHostApplicationBuilder AddChargebackPeriods(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddOptions<ChargebackOptions>().BindConfiguration(ChargebackOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddHostedService<ChargebackPeriodCloser>();
        return builder;
    }
}
