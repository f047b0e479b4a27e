using System.Collections.Frozen;
using System.Text.Json;

namespace AiGateway.Gateway.Requests;

/// <summary>Recognises top-level property names straight from the UTF-8 body, without allocating strings.</summary>
internal static class RequestFields
{
    /// <summary>Both the inspector and the rewriter read with these, so they agree on what a body is.</summary>
    public static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        // Tool schemas nest; the default 64 is close enough to real bodies to refuse some.
        MaxDepth = 256,
    };

    // The longest known name is max_completion_tokens (21 bytes); an escape is at most 6 bytes (\uXXXX).
    private const int MaxEscapedKnownNameLength = 21 * 6;
    private const int MaxInternedNameLength = 64;

    // Parameters of the OpenAI and Azure OpenAI APIs, returned as shared strings instead of one allocation per request.
    private static readonly FrozenSet<string> KnownNames = FrozenSet.Create(StringComparer.Ordinal,
    [
        "model", "messages", "prompt", "input", "stream", "stream_options", "n", "best_of", "max_tokens",
        "max_completion_tokens", "max_output_tokens", "temperature", "top_p", "stop", "presence_penalty",
        "frequency_penalty", "logit_bias", "logprobs", "top_logprobs", "user", "tools", "tool_choice",
        "parallel_tool_calls", "functions", "function_call", "response_format", "seed", "service_tier", "store",
        "metadata", "modalities", "audio", "prediction", "reasoning_effort", "reasoning", "web_search_options", "suffix",
        "echo", "encoding_format", "dimensions", "instructions", "previous_response_id", "text", "truncation", "include",
        "background", "conversation", "prompt_cache_key", "safety_identifier", "verbosity", "data_sources",
        "max_tool_calls", "user_security_context",
    ]);

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> KnownNamesBySpan =
        KnownNames.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>Classifies the property name the reader is on.</summary>
    public static RequestField Classify(ref readonly Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return Classify(reader.ValueSpan);
        }

        // A client may escape any character of a name ("\u006dodel" is "model"); backends unescape, so must we.
        if (reader.ValueSpan.Length > MaxEscapedKnownNameLength)
        {
            return RequestField.None;
        }

        Span<byte> unescaped = stackalloc byte[MaxEscapedKnownNameLength];
        var length = reader.CopyString(unescaped);
        return Classify(unescaped[..length]);
    }

    /// <summary>The property name the reader is on, as a shared string when it is a known parameter.</summary>
    public static string GetName(ref readonly Utf8JsonReader reader)
    {
        if (reader.ValueSpan.Length > MaxInternedNameLength)
        {
            return reader.GetString()!;
        }

        // UTF-16 never needs more chars than the UTF-8 (escaped or not) has bytes.
        Span<char> chars = stackalloc char[MaxInternedNameLength];
        var length = reader.CopyString(chars);
        var name = chars[..length];
        return KnownNamesBySpan.TryGetValue(name, out var known) ? known : new string(name);
    }

    public static string Name(RequestField field) => field switch
    {
        RequestField.Model => "model",
        RequestField.Stream => "stream",
        RequestField.StreamOptions => "stream_options",
        RequestField.MaxTokens => "max_tokens",
        RequestField.MaxCompletionTokens => "max_completion_tokens",
        RequestField.MaxOutputTokens => "max_output_tokens",
        RequestField.N => "n",
        RequestField.BestOf => "best_of",
        RequestField.Messages => "messages",
        RequestField.Prompt => "prompt",
        RequestField.Input => "input",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, null),
    };

    private static RequestField Classify(ReadOnlySpan<byte> name) => name.Length switch
    {
        1 when name[0] == (byte)'n' => RequestField.N,
        5 when name.SequenceEqual("model"u8) => RequestField.Model,
        5 when name.SequenceEqual("input"u8) => RequestField.Input,
        6 when name.SequenceEqual("stream"u8) => RequestField.Stream,
        6 when name.SequenceEqual("prompt"u8) => RequestField.Prompt,
        7 when name.SequenceEqual("best_of"u8) => RequestField.BestOf,
        8 when name.SequenceEqual("messages"u8) => RequestField.Messages,
        10 when name.SequenceEqual("max_tokens"u8) => RequestField.MaxTokens,
        14 when name.SequenceEqual("stream_options"u8) => RequestField.StreamOptions,
        17 when name.SequenceEqual("max_output_tokens"u8) => RequestField.MaxOutputTokens,
        21 when name.SequenceEqual("max_completion_tokens"u8) => RequestField.MaxCompletionTokens,
        _ => RequestField.None,
    };
}
