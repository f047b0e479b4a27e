using System.Buffers;
using System.Text;
using System.Text.Json;

namespace AiGateway.Gateway.Streaming;

/// <summary>
/// Reads the few fields the gateway needs from an OpenAI-shaped JSON payload, without materialising a document:
/// <c>choices[*]</c> (<c>index</c>, <c>finish_reason</c>, <c>delta.content</c>, <c>text</c>), <c>usage</c>, and
/// <c>service_tier</c>, and for Responses API events <c>type</c>, <c>delta</c>, <c>response.usage</c> and
/// <c>response.service_tier</c>. Everything else is skipped.
/// </summary>
internal static class ResponseJson
{
    // finish_reason values come back as shared strings, so a chunk costs no allocation for them.
    private const string Stop = "stop";
    private const string Length = "length";
    private const string ContentFilter = "content_filter";
    private const string ToolCalls = "tool_calls";
    private const string FunctionCall = "function_call";

    // So are the service tiers; an unknown one is read only when short enough to be a tier name.
    private const string TierDefault = "default";
    private const string TierAuto = "auto";
    private const string TierBatch = "batch";
    private const string TierFlex = "flex";
    private const string TierPriority = "priority";
    private const string TierScale = "scale";
    private const int MaxServiceTierBytes = 32;

    private const int StackCharLimit = 256;

    private enum EventKind
    {
        Other,
        OutputTextDelta,
        Terminal,
    }

    /// <summary>Parses <paramref name="json"/>; false when it is not a valid JSON object.</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, out ResponseFacts facts) =>
        TryRead(json, ReadOnlySpan<byte>.Empty, null, out facts);

    /// <summary>
    /// Parses one SSE <c>data</c> payload. <paramref name="eventName"/> is the frame's <c>event:</c> field, used
    /// when the payload carries no <c>type</c> of its own. The generated text goes to <paramref name="text"/> while it
    /// collects (each choice's to its own place); the caller accepts or rejects it with the frame, rejecting it too when
    /// this returns false.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> json, ReadOnlySpan<byte> eventName, DeliveredText? text, out ResponseFacts facts)
    {
        if (text is { IsCollecting: false })
        {
            text = null;
        }

        facts = new ResponseFacts { ChoiceCount = -1 };
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            var kind = Classify(eventName);
            var topLevelDelta = -1;
            var topLevelId = -1;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("choices"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartArray)
                    {
                        ReadChoices(ref reader, json, text, ref facts);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        facts.Usage = ReadUsage(ref reader);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        kind = Classify(ref reader);
                    }
                }
                else if (reader.ValueTextEquals("service_tier"u8))
                {
                    reader.Read();
                    facts.ServiceTier = ReadServiceTier(ref reader) ?? facts.ServiceTier;
                }
                else if (reader.ValueTextEquals("delta"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        // Whether this is generated text depends on the event's type, which may come after it.
                        topLevelDelta = (int)reader.TokenStartIndex;
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("id"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        // Read only once the payload is known not to be a chat chunk, which has one in every frame.
                        topLevelId = (int)reader.TokenStartIndex;
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else if (reader.ValueTextEquals("response"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadResponseObject(ref reader, ref facts);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                // A truncated object, or more than one value: not something the backend meant to send.
                return false;
            }

            if (kind == EventKind.OutputTextDelta && topLevelDelta >= 0)
            {
                facts.ContentChars += TakeText(json, topLevelDelta, 0, text);
            }

            if (topLevelId >= 0 && facts.ChoiceCount < 0 && kind == EventKind.Other && eventName.IsEmpty)
            {
                var idReader = new Utf8JsonReader(json[topLevelId..]);
                idReader.Read();
                facts.ObjectId = idReader.GetString();
            }

            facts.TerminalEvent = kind == EventKind.Terminal;
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // InvalidOperationException: a string that is not valid UTF-8, or escapes a lone surrogate, when decoded.
            facts = new ResponseFacts { ChoiceCount = -1 };
            return false;
        }
    }

    private static void ReadChoices(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, DeliveredText? text, ref ResponseFacts facts)
    {
        var position = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                ReadChoice(ref reader, position, json, text, ref facts);
            }
            else
            {
                reader.Skip();
            }

            position++;
        }

        facts.ChoiceCount = position;
    }

    private static void ReadChoice(ref Utf8JsonReader reader, int position, ReadOnlySpan<byte> json, DeliveredText? text, ref ResponseFacts facts)
    {
        // A streamed choice names its index (with n > 1 each chunk may carry only choice 1); without one, the
        // array position is the index. Azure writes the index after the delta, so the text is taken at the end.
        var index = position;
        string? finishReason = null;
        var content = -1;
        var completionText = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("index"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out index))
                {
                    index = position;
                }
            }
            else if (reader.ValueTextEquals("finish_reason"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    finishReason = ReadFinishReason(ref reader);
                }
            }
            else if (reader.ValueTextEquals("delta"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    content = ReadDeltaContent(ref reader);
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("text"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    completionText = (int)reader.TokenStartIndex;
                }
                else
                {
                    reader.Skip();
                }
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (content >= 0)
        {
            facts.ContentChars += TakeText(json, content, index, text);
        }

        if (completionText >= 0)
        {
            facts.ContentChars += TakeText(json, completionText, index, text);
        }

        if (finishReason is null)
        {
            return;
        }

        facts.ContentFiltered |= string.Equals(finishReason, ContentFilter, StringComparison.Ordinal);
        if (index == 0)
        {
            facts.FinishReason = finishReason;
        }
    }

    /// <summary>Where the delta's <c>content</c> string starts in the payload, or -1 when it has none.</summary>
    private static int ReadDeltaContent(ref Utf8JsonReader reader)
    {
        var start = -1;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isContent = reader.ValueTextEquals("content"u8);
            reader.Read();
            if (isContent && reader.TokenType == JsonTokenType.String)
            {
                start = (int)reader.TokenStartIndex;
            }
            else
            {
                reader.Skip();
            }
        }

        return start;
    }

    /// <summary>
    /// The generated text in the string token at <paramref name="start"/>: appended to choice <paramref name="choice"/>
    /// of <paramref name="text"/>, or only measured; returns its length in chars.
    /// </summary>
    private static int TakeText(ReadOnlySpan<byte> json, int start, int choice, DeliveredText? text)
    {
        // The token was read once already; a reader on it alone reads it again, now that its choice is known.
        var reader = new Utf8JsonReader(json[start..]);
        reader.Read();
        return text is null ? CountChars(ref reader) : text.Append(choice, ref reader);
    }

    private static void ReadResponseObject(ref Utf8JsonReader reader, ref ResponseFacts facts)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isUsage = reader.ValueTextEquals("usage"u8);
            var isTier = !isUsage && reader.ValueTextEquals("service_tier"u8);
            var isId = !isUsage && !isTier && reader.ValueTextEquals("id"u8);
            reader.Read();
            if (isId && reader.TokenType == JsonTokenType.String)
            {
                facts.ObjectId = reader.GetString();
            }
            else if (isUsage && reader.TokenType == JsonTokenType.StartObject)
            {
                facts.Usage = ReadUsage(ref reader);
            }
            else if (isTier)
            {
                facts.ServiceTier = ReadServiceTier(ref reader) ?? facts.ServiceTier;
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static TokenUsage ReadUsage(ref Utf8JsonReader reader)
    {
        var prompt = 0;
        var completion = 0;
        int? total = null;
        var cached = 0;
        var reasoning = 0;
        var audioIn = 0;
        var audioOut = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueTextEquals("prompt_tokens"u8) || reader.ValueTextEquals("input_tokens"u8) ? 1
                : reader.ValueTextEquals("completion_tokens"u8) || reader.ValueTextEquals("output_tokens"u8) ? 2
                : reader.ValueTextEquals("total_tokens"u8) ? 3
                : reader.ValueTextEquals("prompt_tokens_details"u8) || reader.ValueTextEquals("input_tokens_details"u8) ? 4
                : reader.ValueTextEquals("completion_tokens_details"u8) || reader.ValueTextEquals("output_tokens_details"u8) ? 5
                : 0;
            reader.Read();
            if (field is 4 or 5 && reader.TokenType == JsonTokenType.StartObject)
            {
                // Read in place like the rest: one more number each, no allocation.
                if (field == 4)
                {
                    (cached, audioIn) = ReadDetails(ref reader, "cached_tokens"u8);
                }
                else
                {
                    (reasoning, audioOut) = ReadDetails(ref reader, "reasoning_tokens"u8);
                }

                continue;
            }

            if (field is 0 or 4 or 5 || reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var value))
            {
                reader.Skip();
                continue;
            }

            switch (field)
            {
                case 1:
                    prompt = value;
                    break;
                case 2:
                    completion = value;
                    break;
                default:
                    total = value;
                    break;
            }
        }

        return new TokenUsage(prompt, completion, total ?? prompt + completion, cached, reasoning, audioIn, audioOut);
    }

    /// <summary>
    /// The numbers <paramref name="name"/> and <c>audio_tokens</c> in a <c>*_tokens_details</c> object, 0 when absent;
    /// the rest of the object is skipped.
    /// </summary>
    private static (int Named, int Audio) ReadDetails(ref Utf8JsonReader reader, ReadOnlySpan<byte> name)
    {
        var named = 0;
        var audio = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = reader.ValueTextEquals(name) ? 1 : reader.ValueTextEquals("audio_tokens"u8) ? 2 : 0;
            reader.Read();
            if (field != 0 && reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
            {
                if (field == 1)
                {
                    named = Math.Max(0, value);
                }
                else
                {
                    audio = Math.Max(0, value);
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return (named, audio);
    }

    /// <summary>
    /// The current value as a service tier: known tiers as shared strings (no allocation per chunk), another short
    /// string as itself, anything else (null, a number, an oversized string) as null.
    /// </summary>
    private static string? ReadServiceTier(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            return null;
        }

        return reader.ValueTextEquals("default"u8) ? TierDefault
            : reader.ValueTextEquals("auto"u8) ? TierAuto
            : reader.ValueTextEquals("batch"u8) ? TierBatch
            : reader.ValueTextEquals("flex"u8) ? TierFlex
            : reader.ValueTextEquals("priority"u8) ? TierPriority
            : reader.ValueTextEquals("scale"u8) ? TierScale
            : reader.ValueSpan.Length <= MaxServiceTierBytes && !reader.ValueIsEscaped ? reader.GetString()
            : null;
    }

    private static string ReadFinishReason(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("stop"u8) ? Stop
        : reader.ValueTextEquals("length"u8) ? Length
        : reader.ValueTextEquals("content_filter"u8) ? ContentFilter
        : reader.ValueTextEquals("tool_calls"u8) ? ToolCalls
        : reader.ValueTextEquals("function_call"u8) ? FunctionCall
        : reader.GetString()!;

    private static EventKind Classify(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("response.output_text.delta"u8) ? EventKind.OutputTextDelta
        : reader.ValueTextEquals("response.completed"u8)
            || reader.ValueTextEquals("response.incomplete"u8)
            || reader.ValueTextEquals("response.failed"u8) ? EventKind.Terminal
        : EventKind.Other;

    private static EventKind Classify(ReadOnlySpan<byte> eventName) =>
        eventName.SequenceEqual("response.output_text.delta"u8) ? EventKind.OutputTextDelta
        : eventName.SequenceEqual("response.completed"u8)
            || eventName.SequenceEqual("response.incomplete"u8)
            || eventName.SequenceEqual("response.failed"u8) ? EventKind.Terminal
        : EventKind.Other;

    /// <summary>UTF-16 length of the current string token, decoded without allocating a string.</summary>
    private static int CountChars(ref Utf8JsonReader reader)
    {
        var raw = reader.ValueSpan;
        if (!reader.ValueIsEscaped)
        {
            return Encoding.UTF8.GetCharCount(raw);
        }

        // Unescaping never makes text longer than its escaped UTF-8 form.
        char[]? rented = null;
        var buffer = raw.Length <= StackCharLimit
            ? stackalloc char[StackCharLimit]
            : (rented = ArrayPool<char>.Shared.Rent(raw.Length));
        try
        {
            return reader.CopyString(buffer);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }
}
