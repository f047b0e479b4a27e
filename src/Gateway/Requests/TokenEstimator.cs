using System.Buffers;
using System.Text.Json;

namespace AiGateway.Gateway.Requests;

/// <summary>
/// Estimates what a request will cost in tokens before it is sent, as Azure OpenAI does for its own rate limits:
/// the prompt counted with the model family's tokenizer, plus the output the request may produce, times the
/// choices it asks for. The estimate is reserved against quotas and replaced by the real count afterwards.
/// </summary>
/// <remarks>
/// Counted by hand over the JSON rather than by deserialising messages: the gateway must not allocate a model of
/// every body, and any field may carry text (tools, schemas, Responses input items). The o200k encoding (GPT-4o,
/// GPT-4.1, o-series) is the only one shipped offline; for older families it is a close estimate.
/// </remarks>
public static class TokenEstimator
{
    /// <summary>OpenAI's documented overhead per chat message, and for priming the reply.</summary>
    private const int TokensPerMessage = 3;

    private static readonly Lazy<O200kTokenCounter> O200k = new(O200kTokenCounter.Load);

    /// <summary>
    /// String values that are not text the model reads as tokens: identifiers, enums, and URLs or base64 data of
    /// images and audio (those are priced per image or second, not by their characters). Compared as UTF-8, so
    /// reading a body allocates no property names.
    /// </summary>
    private static readonly byte[][] NonTextProperties =
    [
        "model"u8.ToArray(), "type"u8.ToArray(), "url"u8.ToArray(), "image_url"u8.ToArray(), "detail"u8.ToArray(),
        "user"u8.ToArray(), "encoding_format"u8.ToArray(), "service_tier"u8.ToArray(), "reasoning_effort"u8.ToArray(),
        "tool_call_id"u8.ToArray(), "id"u8.ToArray(), "file_id"u8.ToArray(), "data"u8.ToArray(), "format"u8.ToArray(),
        "voice"u8.ToArray(), "previous_response_id"u8.ToArray(),
    ];

    /// <summary>Strings shorter than this are counted each time: the tokenizer is as quick as a lookup for them.</summary>
    private const int MinCachedBytes = 48;

    private static readonly TokenCountCache Counts = new();

    /// <summary>The tokens the request may consume: prompt plus possible output, for every choice.</summary>
    /// <param name="outputCap">The caller's cap on output tokens, used when the request names no limit.</param>
    /// <param name="defaultOutputTokens">The output assumed when neither the request nor a cap names a limit.</param>
    public static long Estimate(ReadOnlySpan<byte> body, InspectedRequest request, int? outputCap, int defaultOutputTokens)
    {
        ArgumentNullException.ThrowIfNull(request);
        long prompt = CountPromptTokens(body);
        if (!request.Operation.HasOutputTokens())
        {
            return prompt;
        }

        long output = request.RequestedOutputTokens ?? outputCap ?? defaultOutputTokens;
        if (outputCap is { } cap)
        {
            output = Math.Min(output, cap);
        }

        var choices = Math.Max(Math.Max(request.N, request.BestOf ?? 1), 1);
        return prompt + (output * choices);
    }

    /// <summary>Tokens of the text the request sends: message contents, prompts, inputs, instructions, tools.</summary>
    public static int CountPromptTokens(ReadOnlySpan<byte> body)
    {
        var tokenizer = O200k.Value;
        var reader = new Utf8JsonReader(body, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 256 });
        char[]? rented = null;
        var tokens = 0;
        var messages = 0;
        var inMessages = false;
        var skipValue = false;
        var inputArray = false;
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        skipValue = IsNonTextProperty(ref reader);
                        if (reader.CurrentDepth == 1)
                        {
                            inMessages = reader.ValueTextEquals("messages"u8);
                            inputArray = reader.ValueTextEquals("input"u8) || reader.ValueTextEquals("prompt"u8);
                        }

                        break;
                    case JsonTokenType.StartObject when inMessages && reader.CurrentDepth == 2:
                        messages++;
                        break;
                    case JsonTokenType.String when !skipValue:
                        tokens += CountString(ref reader, tokenizer, ref rented);
                        break;
                    case JsonTokenType.Number when inputArray && reader.CurrentDepth >= 2:
                        // Embeddings and completions accept prompts already tokenised: one number, one token.
                        tokens++;
                        break;
                    case JsonTokenType.EndArray or JsonTokenType.EndObject when reader.CurrentDepth <= 1:
                        inMessages = false;
                        inputArray = false;
                        break;
                }

                if (reader.TokenType is not JsonTokenType.PropertyName and not JsonTokenType.StartObject and not JsonTokenType.StartArray)
                {
                    skipValue = false;
                }
            }
        }
        catch (JsonException)
        {
            // The body was validated before; a truncated estimate is still an estimate.
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }

        return messages == 0 ? tokens : tokens + (messages * TokensPerMessage) + TokensPerMessage;
    }

    private static bool IsNonTextProperty(ref Utf8JsonReader reader)
    {
        foreach (var name in NonTextProperties)
        {
            if (reader.ValueTextEquals(name))
            {
                return true;
            }
        }

        return false;
    }

    private static int CountString(ref Utf8JsonReader reader, O200kTokenCounter tokenizer, ref char[]? rented)
    {
        var length = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (length == 0)
        {
            return 0;
        }

        // The raw bytes (escapes and all) determine the text, so they key the cache without being decoded first.
        ulong hash = 0;
        var cacheable = !reader.HasValueSequence && length >= MinCachedBytes;
        if (cacheable)
        {
            hash = Counts.Hash(reader.ValueSpan);
            if (Counts.TryGet(hash, out var cached))
            {
                return cached;
            }
        }

        if (rented is null || rented.Length < length)
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }

            rented = ArrayPool<char>.Shared.Rent(Math.Max(length, 256));
        }

        // An unescaped UTF-8 value never has more UTF-16 code units than bytes.
        var written = reader.CopyString(rented);
        var text = rented.AsSpan(0, written);
        var count = text.StartsWith("data:", StringComparison.Ordinal) ? 0 : tokenizer.CountTokens(text);
        if (cacheable)
        {
            Counts.Add(hash, count);
        }

        return count;
    }

    /// <summary>Loads the tokenizer's vocabulary now, so the first request does not wait for it.</summary>
    public static void Preload() => _ = O200k.Value;

    /// <summary>Tokens of generated text the gateway delivered, for a stream whose backend reported no usage.</summary>
    public static int CountCompletionTokens(ReadOnlySpan<char> text) => text.IsEmpty ? 0 : O200k.Value.CountTokens(text);
}
