namespace AiGateway.Gateway.Requests;

/// <summary>What <see cref="RequestRewriter"/> changes in a body before it is forwarded to one backend.</summary>
/// <param name="Model">
/// The value for the top-level <c>model</c> (the backend's deployment name in the v1 shape), or null to keep what the
/// client sent (the Azure classic shape, where the deployment is in the path).
/// </param>
/// <param name="EnsureIncludeUsage">
/// Make <c>stream_options.include_usage</c> true, so a stream ends with a usage chunk to meter. Only for streaming
/// chat completions and completions: backends refuse <c>stream_options</c> on non-streaming requests, and the other
/// operations do not have it.
/// </param>
/// <param name="MaxTokens">The output-token cap to enforce in the body, or null for none.</param>
/// <param name="Operation">The operation the body is for.</param>
public readonly record struct RewriteInstructions(string? Model, bool EnsureIncludeUsage, int? MaxTokens, GatewayOperation Operation)
{
    /// <summary>
    /// When a chat completions request names no limit and <see cref="MaxTokens"/> is set, add
    /// <c>max_completion_tokens</c> instead of <c>max_tokens</c>. Reasoning models (o-series, gpt-5) refuse
    /// <c>max_tokens</c>; older Azure api-versions do not know <c>max_completion_tokens</c>. The route knows which.
    /// </summary>
    public bool PreferMaxCompletionTokens { get; init; }
}
