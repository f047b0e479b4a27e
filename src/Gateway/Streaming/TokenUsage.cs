namespace AiGateway.Gateway.Streaming;

/// <summary>
/// The token counts a model backend reports in <c>usage</c>: <c>prompt_tokens</c>/<c>completion_tokens</c> for
/// chat, completions and embeddings, <c>input_tokens</c>/<c>output_tokens</c> for the Responses API.
/// </summary>
public sealed record TokenUsage(int PromptTokens, int CompletionTokens, int TotalTokens);
