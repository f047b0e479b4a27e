using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using AiGateway.Gateway.Errors;

namespace AiGateway.Gateway.Requests;

/// <summary>
/// Reads a request body once, forward only, for the fields the gateway acts on. Everything else passes through
/// unread; the backend validates what the gateway does not use.
/// </summary>
public static class RequestInspector
{
    private const string InvalidJson = "invalid_json";
    private const string InvalidType = "invalid_type";
    private const string MissingRequired = "missing_required_parameter";
    private const string DuplicateParameter = "duplicate_parameter";
    private const string BelowMin = "integer_below_min_value";
    private const string AboveMax = "integer_above_max_value";

    /// <summary>Inspects <paramref name="body"/> as a request for <paramref name="operation"/>.</summary>
    /// <returns>False with a 400 in <paramref name="error"/> when the body is not one the gateway can act on.</returns>
    public static bool TryInspect(
        ReadOnlySpan<byte> body,
        GatewayOperation operation,
        [MaybeNullWhen(false)] out InspectedRequest request,
        [NotNullWhen(false)] out GatewayError? error)
    {
        // The reader only checks the UTF-8 of the strings it is asked to decode, and the gateway decodes few of them: a
        // message's content with broken bytes would pass through to the backend. One pass over the body, vectorised
        // and allocation-free, settles it for every string at once (outside strings, JSON is ASCII anyway).
        if (!Utf8.IsValid(body))
        {
            request = null;
            error = Invalid(
                $"The request body is not valid UTF-8 JSON: the bytes at byte {FirstInvalidUtf8(body) + 1} are not UTF-8.", null, InvalidJson);
            return false;
        }

        try
        {
            error = Inspect(body, operation, out request);
        }
        catch (JsonException ex)
        {
            request = null;
            error = Invalid(DescribeJsonError(ex), null, InvalidJson);
        }
        catch (InvalidOperationException)
        {
            // A string the reader cannot transcode although its bytes are UTF-8: it escapes an unpaired surrogate
            // (\ud800), which no text can hold. The reader throws this rather than a JsonException, from frames hidden
            // from the stack trace, so it cannot be told apart by its source; over a whole in-memory body nothing else
            // the inspection does throws it.
            request = null;
            error = Invalid("The request body is not valid UTF-8 JSON: a string escapes an unpaired surrogate.", null, InvalidJson);
        }

        return error is null;
    }

    private static GatewayError? Inspect(ReadOnlySpan<byte> body, GatewayOperation operation, out InspectedRequest? request)
    {
        request = null;
        var reader = new Utf8JsonReader(body, RequestFields.ReaderOptions);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            return Invalid($"The request body must be a JSON object; got {Describe(ref reader)}.", null, InvalidType);
        }

        var properties = new List<string>();
        var seen = RequestField.None;
        var present = RequestField.None;
        string? model = null;
        bool stream = false, includeUsage = false;
        int? maxTokens = null, maxCompletionTokens = null, maxOutputTokens = null, bestOf = null, n = null;
        GatewayError? error = null;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = RequestFields.Classify(ref reader);
            properties.Add(RequestFields.GetName(ref reader));
            if (field != RequestField.None)
            {
                if ((seen & field) != 0)
                {
                    // Backends differ on which duplicate wins; the gateway must judge the same value the backend uses.
                    var name = RequestFields.Name(field);
                    return Invalid($"Duplicate parameter '{name}': the request body names it more than once.", name, DuplicateParameter);
                }

                seen |= field;
            }

            reader.Read();
            switch (field)
            {
                case RequestField.Model:
                    if (reader.TokenType == JsonTokenType.String)
                    {
                        model = reader.GetString();
                    }
                    else if (reader.TokenType != JsonTokenType.Null)
                    {
                        error = WrongType("model", "a string", ref reader);
                    }

                    break;
                case RequestField.Stream:
                    if (reader.TokenType is JsonTokenType.True or JsonTokenType.False)
                    {
                        stream = reader.TokenType == JsonTokenType.True;
                    }
                    else if (reader.TokenType != JsonTokenType.Null)
                    {
                        error = WrongType("stream", "a boolean", ref reader);
                    }

                    break;
                case RequestField.StreamOptions:
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        error = ReadStreamOptions(ref reader, out includeUsage);
                    }
                    else if (reader.TokenType != JsonTokenType.Null)
                    {
                        error = WrongType("stream_options", "an object", ref reader);
                    }

                    break;
                case RequestField.MaxTokens:
                    error = ReadInteger(ref reader, "max_tokens", 0, out maxTokens);
                    break;
                case RequestField.MaxCompletionTokens:
                    error = ReadInteger(ref reader, "max_completion_tokens", 0, out maxCompletionTokens);
                    break;
                case RequestField.MaxOutputTokens:
                    error = ReadInteger(ref reader, "max_output_tokens", 0, out maxOutputTokens);
                    break;
                case RequestField.N:
                    error = ReadInteger(ref reader, "n", 1, out n);
                    break;
                case RequestField.BestOf:
                    error = ReadInteger(ref reader, "best_of", 1, out bestOf);
                    break;
                case RequestField.Messages when operation == GatewayOperation.ChatCompletions:
                    error = ReadRequired(ref reader, field, "an array", allowString: false, ref present);
                    break;
                case RequestField.Prompt when operation == GatewayOperation.Completions:
                case RequestField.Input when operation is GatewayOperation.Embeddings or GatewayOperation.Responses:
                    error = ReadRequired(ref reader, field, "a string or an array", allowString: true, ref present);
                    break;
                default:
                    break;
            }

            if (error is not null)
            {
                return error;
            }

            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }

        // Anything after the object other than whitespace makes this throw.
        reader.Read();

        error = CheckRequired(operation, present, properties);
        if (error is not null)
        {
            return error;
        }

        request = new InspectedRequest
        {
            Operation = operation,
            Model = model,
            Stream = stream,
            IncludeUsageRequested = includeUsage,
            MaxTokens = maxTokens,
            MaxCompletionTokens = maxCompletionTokens,
            MaxOutputTokens = maxOutputTokens,
            N = n ?? 1,
            BestOf = bestOf,
            TopLevelProperties = properties,
        };
        return null;
    }

    private static GatewayError? ReadRequired(
        ref Utf8JsonReader reader, RequestField field, string expected, bool allowString, ref RequestField present)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            // As good as missing: there is nothing to send or count.
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray && !(allowString && reader.TokenType == JsonTokenType.String))
        {
            return WrongType(RequestFields.Name(field), expected, ref reader);
        }

        present |= field;
        return null;
    }

    private static GatewayError? CheckRequired(GatewayOperation operation, RequestField present, List<string> properties)
    {
        var required = operation switch
        {
            GatewayOperation.ChatCompletions => RequestField.Messages,
            GatewayOperation.Completions => RequestField.Prompt,
            _ => RequestField.Input,
        };

        if ((present & required) != 0)
        {
            return null;
        }

        // The Responses API runs a stored prompt template without input.
        if (operation == GatewayOperation.Responses && properties.Contains("prompt"))
        {
            return null;
        }

        var name = RequestFields.Name(required);
        return Invalid($"Missing required parameter: '{name}'.", name, MissingRequired);
    }

    private static GatewayError? ReadStreamOptions(ref Utf8JsonReader reader, out bool includeUsage)
    {
        includeUsage = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isIncludeUsage = reader.ValueTextEquals("include_usage"u8);
            reader.Read();
            if (isIncludeUsage)
            {
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False or JsonTokenType.Null))
                {
                    return WrongType("stream_options.include_usage", "a boolean", ref reader);
                }

                includeUsage = reader.TokenType == JsonTokenType.True;
            }
            else if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                reader.Skip();
            }
        }

        return null;
    }

    private static GatewayError? ReadInteger(ref Utf8JsonReader reader, string name, int minimum, out int? value)
    {
        value = null;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.Number)
        {
            return WrongType(name, "an integer", ref reader);
        }

        // Numbers are never escaped and the body is one span, so ValueSpan is the number's text.
        var text = reader.ValueSpan;
        if (text.IndexOfAny(".eE"u8) >= 0)
        {
            return Invalid($"Invalid type for '{name}': expected an integer, but got a decimal number ({Text(text)}) instead.", name, InvalidType);
        }

        if (reader.TryGetInt32(out var number) && number >= minimum)
        {
            value = number;
            return null;
        }

        return text[0] == (byte)'-' || reader.TryGetInt32(out _)
            ? Invalid($"Invalid '{name}': integer below minimum value. Expected a value >= {minimum}, but got {Text(text)} instead.", name, BelowMin)
            : Invalid($"Invalid '{name}': integer above maximum value. Expected a value <= {int.MaxValue}, but got {Text(text)} instead.", name, AboveMax);
    }

    private static GatewayError WrongType(string name, string expected, ref Utf8JsonReader reader) =>
        Invalid($"Invalid type for '{name}': expected {expected}, but got {Describe(ref reader)} instead.", name, InvalidType);

    private static string Describe(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => reader.ValueSpan.IndexOfAny(".eE"u8) >= 0 ? "a decimal number" : "an integer",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        _ => reader.TokenType.ToString(),
    };

    private static string DescribeJsonError(JsonException ex)
    {
        // The reader's message ends with its own zero-based "LineNumber: 0 | BytePositionInLine: 5."; say it once, one-based.
        var reason = ex.Message;
        var cut = reason.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut > 0)
        {
            reason = reason[..cut];
        }

        var where = ex.LineNumber is { } line && ex.BytePositionInLine is { } position
            ? string.Create(CultureInfo.InvariantCulture, $" at line {line + 1}, byte {position + 1}")
            : "";
        return $"The request body is not valid JSON{where}: {reason}";
    }

    private static string Text(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetString(utf8);

    /// <summary>Where the first byte that is not UTF-8 is; only asked once a body has been found invalid.</summary>
    private static int FirstInvalidUtf8(ReadOnlySpan<byte> body)
    {
        var position = 0;
        while (position < body.Length && Rune.DecodeFromUtf8(body[position..], out _, out var consumed) == OperationStatus.Done)
        {
            position += consumed;
        }

        return position;
    }

    private static GatewayError Invalid(string message, string? param, string code) =>
        GatewayError.InvalidRequest(message, param, code) with { ShouldRetry = false };
}
