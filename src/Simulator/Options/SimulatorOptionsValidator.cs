using AiGateway.Simulator.State;
using Microsoft.Extensions.Options;

namespace AiGateway.Simulator.Options;

/// <summary>Checks <see cref="SimulatorOptions"/> at start, naming each bad setting by its configuration key.</summary>
internal sealed class SimulatorOptionsValidator(string sectionPath) : IValidateOptions<SimulatorOptions>
{
    public ValidateOptionsResult Validate(string? name, SimulatorOptions options)
    {
        var failures = new List<string>();
        var prefix = string.IsNullOrEmpty(sectionPath) ? "" : sectionPath + ":";

        SettingsValidator.ValidateDefaultCompletionTokens(options.DefaultCompletionTokens,
            (field, message) => failures.Add($"{prefix}{field} {message}"));

        if (options.ApiKeys.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{prefix}ApiKeys must not contain empty keys.");
        }

        if (options.ControlToken is { Length: 0 })
        {
            failures.Add($"{prefix}ControlToken must be left out or non-empty.");
        }

        foreach (var (deployment, settings) in options.Deployments)
        {
            if (settings is null)
            {
                failures.Add($"{prefix}Deployments:{deployment} is empty.");
                continue;
            }

            SettingsValidator.ValidateDeployment(deployment, settings, (field, message) =>
            {
                var key = field.Length == 0 ? "" : ":" + field.Replace('.', ':');
                failures.Add($"{prefix}Deployments:{deployment}{key} {message}");
            });
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
