using AiGateway.Gateway.Errors;

namespace AiGateway.Gateway.Requests;

/// <summary>Decides whether an inspected request may go on, and what output limit the backend must be held to.</summary>
public static class CompliancePolicy
{
    private const string NotAllowed = "parameter_not_allowed";
    private const string AboveMax = "integer_above_max_value";

    /// <summary>
    /// Applies <paramref name="options"/> and the caller's output cap to <paramref name="request"/>.
    /// </summary>
    /// <param name="maxTokensCap">The effective output-token cap from the caller's quota policies; null for none.</param>
    /// <param name="clampedMaxTokens">The output limit to write into the body, or null to leave the body's own.</param>
    /// <returns>A 400 to send instead of forwarding, or null when the request may go on.</returns>
    public static GatewayError? Apply(InspectedRequest request, ComplianceOptions options, int? maxTokensCap, out int? clampedMaxTokens)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (maxTokensCap < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(maxTokensCap), maxTokensCap, "The output-token cap cannot be negative.");
        }

        clampedMaxTokens = null;

        var disallowed = options.DisallowedParameters;
        for (var i = 0; i < disallowed.Count; i++)
        {
            if (request.HasProperty(disallowed[i]))
            {
                return Refuse($"The parameter '{disallowed[i]}' is not allowed on this gateway; remove it from the request.",
                    disallowed[i], NotAllowed);
            }
        }

        if (request.N > options.MaxN)
        {
            return Refuse($"'n' must be at most {options.MaxN} on this gateway; got {request.N}.", "n", AboveMax);
        }

        if (request.BestOf > options.MaxBestOf)
        {
            return Refuse($"'best_of' must be at most {options.MaxBestOf} on this gateway; got {request.BestOf}.", "best_of", AboveMax);
        }

        if (maxTokensCap is not { } cap || !request.Operation.HasOutputTokens())
        {
            return null;
        }

        if (request.RequestedOutputTokens is not { } requested)
        {
            // Without a limit the backend would run to the model's maximum, past the cap.
            clampedMaxTokens = options.Mode == MaxTokensMode.Clamp ? cap : null;
            return null;
        }

        if (requested <= cap)
        {
            return null;
        }

        if (options.Mode == MaxTokensMode.Clamp)
        {
            clampedMaxTokens = cap;
            return null;
        }

        var (field, value) = FirstAbove(request, cap);
        return Refuse($"'{field}' must be at most {cap} for this key; got {value}.", field, AboveMax);
    }

    private static (string Field, int Value) FirstAbove(InspectedRequest request, int cap) =>
        request.MaxCompletionTokens > cap ? ("max_completion_tokens", request.MaxCompletionTokens.Value)
        : request.MaxTokens > cap ? ("max_tokens", request.MaxTokens.Value)
        : ("max_output_tokens", request.MaxOutputTokens!.Value);

    private static GatewayError Refuse(string message, string param, string code) =>
        GatewayError.InvalidRequest(message, param, code) with { ShouldRetry = false };
}
