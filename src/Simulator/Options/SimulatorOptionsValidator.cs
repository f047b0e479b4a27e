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

        ValidateStateful(options.Stateful ?? new SimulatorStatefulOptions(), prefix + "Stateful:", failures);

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

    private static void ValidateStateful(SimulatorStatefulOptions s, string prefix, List<string> failures)
    {
        if (s.MaxObjectsPerKind is < 1 or > 1_000_000)
        {
            failures.Add($"{prefix}MaxObjectsPerKind must be between 1 and 1000000.");
        }

        if (s.MaxFileBytes < 1)
        {
            failures.Add($"{prefix}MaxFileBytes must be positive.");
        }

        if (s.MaxStoredFileBytes < s.MaxFileBytes)
        {
            failures.Add($"{prefix}MaxStoredFileBytes must be at least MaxFileBytes.");
        }

        if (s.JobSeconds is < 0 or > 86_400)
        {
            failures.Add($"{prefix}JobSeconds must be between 0 and 86400.");
        }

        if (!string.IsNullOrEmpty(s.InstanceTag) && (s.InstanceTag.Length > 16 || !s.InstanceTag.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))))
        {
            failures.Add($"{prefix}InstanceTag must be 1 to 16 lowercase letters or digits.");
        }
    }
}
