using AiGateway.Simulator.Endpoints;
using AiGateway.Simulator.Endpoints.Stateful;
using AiGateway.Simulator.Generation;
using AiGateway.Simulator.Options;
using AiGateway.Simulator.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

#pragma warning disable IDE0130 // Extension methods live in the namespace of what they extend, so hosts need no extra using.
namespace Microsoft.Extensions.DependencyInjection;
#pragma warning restore IDE0130

/// <summary>Registers the backend simulator's services.</summary>
public static class SimulatorServiceCollectionExtensions
{
    /// <summary>
    /// Adds the simulator, its options bound from <paramref name="section"/> (validated at start) and, unless the
    /// host registered one, <see cref="TimeProvider.System"/>. Adds no middleware, JSON options or authentication.
    /// </summary>
    public static IServiceCollection AddSimulator(this IServiceCollection services, IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(section);

        var path = section is IConfigurationSection named ? named.Path : "";
        services.AddOptions<SimulatorOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SimulatorOptions>>(new SimulatorOptionsValidator(path)));

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<SimulatorState>();
        services.TryAddSingleton<TokenCounter>();
        services.TryAddSingleton<FillerText>();
        services.TryAddSingleton<OperationGate>();
        services.TryAddSingleton<ChatCompletionsEndpoint>();
        services.TryAddSingleton<CompletionsEndpoint>();
        services.TryAddSingleton<EmbeddingsEndpoint>();
        services.TryAddSingleton<ModelsEndpoint>();
        services.TryAddSingleton<StatefulGate>();
        return services;
    }
}
