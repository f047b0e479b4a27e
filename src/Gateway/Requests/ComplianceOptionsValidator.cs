using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.Requests;

/// <summary>Checks <see cref="ComplianceOptions"/> at start, naming each bad setting by its configuration key.</summary>
public sealed class ComplianceOptionsValidator : IValidateOptions<ComplianceOptions>
{
    private const string Prefix = ComplianceOptions.SectionName + ":";

    public ValidateOptionsResult Validate(string? name, ComplianceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();

        if (options.MaxRequestBodyBytes < 1)
        {
            failures.Add($"{Prefix}MaxRequestBodyBytes must be at least 1; got {options.MaxRequestBodyBytes}.");
        }
        else if (options.MaxRequestBodyBytes > Array.MaxLength)
        {
            // The body is held in one array.
            failures.Add($"{Prefix}MaxRequestBodyBytes must be at most {Array.MaxLength}; got {options.MaxRequestBodyBytes}.");
        }

        if (options.MaxN < 1)
        {
            failures.Add($"{Prefix}MaxN must be at least 1; got {options.MaxN}.");
        }

        if (options.MaxBestOf < 1)
        {
            failures.Add($"{Prefix}MaxBestOf must be at least 1; got {options.MaxBestOf}.");
        }

        if (!Enum.IsDefined(options.Mode))
        {
            failures.Add($"{Prefix}Mode must be Clamp or Reject; got {options.Mode}.");
        }

        if (options.DisallowedParameters is null)
        {
            failures.Add($"{Prefix}DisallowedParameters must be a list (it may be empty).");
        }
        else
        {
            for (var i = 0; i < options.DisallowedParameters.Count; i++)
            {
                var parameter = options.DisallowedParameters[i];
                if (string.IsNullOrWhiteSpace(parameter) || parameter.Trim().Length != parameter.Length)
                {
                    failures.Add($"{Prefix}DisallowedParameters:{i} must be a parameter name without spaces; got '{parameter}'.");
                }
                else if (parameter is "model" or "messages" or "prompt" or "input")
                {
                    failures.Add($"{Prefix}DisallowedParameters:{i} is '{parameter}', which requests need; it cannot be disallowed.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
