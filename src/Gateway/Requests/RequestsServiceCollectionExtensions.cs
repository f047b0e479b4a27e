using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Requests;

public static class RequestsServiceCollectionExtensions
{
    /// <summary>Reading and checking client requests: the compliance rules (<c>Gateway:Compliance</c>, validated at start) and the tokenizer, loaded at start.</summary>
    public static IHostApplicationBuilder AddGatewayRequests(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<ComplianceOptions>().BindConfiguration(ComplianceOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ComplianceOptions>, ComplianceOptionsValidator>());
        services.AddHostedService<TokenizerPreloader>();
        return builder;
    }
}
