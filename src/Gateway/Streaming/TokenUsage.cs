namespace AiGateway.Gateway.Streaming;

/// <summary>
/// The token counts a model backend reports in <c>usage</c>: <c>prompt_tokens</c>/<c>completion_tokens</c> for
/// chat, completions and embeddings, <c>input_tokens</c>/<c>output_tokens</c> for the Responses API; and, when it
/// says, the input tokens served from its prompt cache (<c>prompt_tokens_details.cached_tokens</c>,
/// <c>input_tokens_details.cached_tokens</c>) and the output tokens spent on reasoning
/// (<c>completion_tokens_details.reasoning_tokens</c>, <c>output_tokens_details.reasoning_tokens</c>), and the audio
/// tokens in and out (<c>*_tokens_details.audio_tokens</c>), each 0 when not.
/// </summary>
public sealed record TokenUsage(
    int PromptTokens,
    int CompletionTokens,
    int TotalTokens,
    int CachedTokens = 0,
    int ReasoningTokens = 0,
    int AudioPromptTokens = 0,
    int AudioCompletionTokens = 0);
