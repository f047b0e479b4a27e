using AiGateway.Simulator.Options;
using AiGateway.Simulator.State;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace AiGateway.Simulator.Endpoints.Stateful;

/// <summary>
/// Admission for stateful calls: the same throttle storm, rate windows, faults and first-byte delay as the model
/// operations, charged to the deployment the call is about (the one named in <c>model</c>, the one that owns the
/// object) or, for calls about no model (files, conversations...), to <c>Stateful:Deployment</c>.
/// </summary>
internal sealed class StatefulGate(OperationGate gate, SimulatorState state, IOptions<SimulatorOptions> options)
{
    private readonly string? _configuredDeployment = options.Value.Stateful?.Deployment;

    /// <summary>
    /// True when the caller should answer. <paramref name="deployment"/> names the deployment; when
    /// <paramref name="named"/> (the client named it in <c>model</c>) an unknown name is a 404, otherwise the
    /// default deployment stands in for one that no longer exists.
    /// </summary>
    public async Task<bool> AdmitAsync(HttpContext context, string operationName, string? deployment = null, bool named = false, long cost = 0)
    {
        var call = context.Features.GetRequiredFeature<SimulatorCall>();
        var runtime = deployment is null ? null : state.Find(deployment);
        if (runtime is null && named)
        {
            await OpenAIErrors.WriteDeploymentNotFoundAsync(context, deployment!, call.Azure);
            return false;
        }

        runtime ??= Default();
        if (runtime is null)
        {
            // A simulator without deployments has no limits to apply.
            return true;
        }

        OperationGate.Stamp(context, call, runtime);
        var settings = runtime.Settings;
        return await gate.AdmitAsync(context, call, runtime, settings, operationName, cost);
    }

    /// <summary>Counts tokens a stateful call generated (a response, a run, a batch) on its deployment.</summary>
    public void Served(HttpContext context, int promptTokens, int completionTokens)
    {
        var call = context.Features.GetRequiredFeature<SimulatorCall>();
        if (call.Deployment is { } deployment)
        {
            gate.Served(call, deployment, promptTokens, completionTokens);
        }
    }

    private DeploymentRuntime? Default()
    {
        if (_configuredDeployment is { Length: > 0 } name && state.Find(name) is { } configured)
        {
            return configured;
        }

        var deployments = state.Deployments.Values.OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        return deployments.FirstOrDefault(d => d.Settings.Serves(Operation.ChatCompletions)) ?? deployments.FirstOrDefault();
    }
}
