using System.Text.Json;

namespace AiGateway.Gateway.Requests;

/// <summary>
/// Makes the few changes the gateway needs in a request body and leaves every other byte as the client sent it:
/// the reader finds the spans to change, and the output is the original with those spans spliced. Property order,
/// whitespace, escapes and number text survive exactly.
/// </summary>
public static class RequestRewriter
{
    private static readonly byte[] IncludeUsageObject = "{\"include_usage\":true}"u8.ToArray();

    /// <summary>
    /// Rewrites <paramref name="body"/>, which must have passed <see cref="RequestInspector.TryInspect"/>.
    /// </summary>
    /// <returns>
    /// <paramref name="body"/> itself (<c>result.Equals(body)</c>) when nothing needs to change; otherwise new memory.
    /// </returns>
    /// <exception cref="ArgumentException">The body is not a JSON object.</exception>
    /// <exception cref="JsonException">The body is not valid JSON.</exception>
    public static ReadOnlyMemory<byte> Rewrite(ReadOnlyMemory<byte> body, in RewriteInstructions instructions)
    {
        var model = instructions.Model;
        var ensureUsage = instructions.EnsureIncludeUsage && instructions.Operation.SupportsStreamOptions();
        var cap = instructions.Operation.HasOutputTokens() ? instructions.MaxTokens : null;
        if (model is null && !ensureUsage && cap is null)
        {
            return body;
        }

        if (cap < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(instructions), cap, "MaxTokens cannot be negative.");
        }

        var source = body.Span;
        // Encoded only when written, so a body that already names the right model costs no allocation.
        JsonEncodedText? encodedModel = null;
        var splicer = new Splicer(source, (model?.Length ?? 0) + 128);
        var reader = new Utf8JsonReader(source, RequestFields.ReaderOptions);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new ArgumentException("The request body must be a JSON object.", nameof(body));
        }

        var lastValueEnd = (int)reader.BytesConsumed;
        var hasProperties = false;
        bool sawModel = false, sawStreamOptions = false, sawLimit = false;

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            hasProperties = true;
            var field = RequestFields.Classify(ref reader);
            reader.Read();
            var start = (int)reader.TokenStartIndex;

            switch (field)
            {
                case RequestField.Model when model is not null:
                    sawModel = true;
                    if (reader.TokenType != JsonTokenType.String || !reader.ValueTextEquals(model))
                    {
                        SkipValue(ref reader);
                        splicer.MoveTo(start);
                        WriteString(ref splicer, encodedModel ??= JsonEncodedText.Encode(model));
                        splicer.SkipTo((int)reader.BytesConsumed);
                    }

                    break;
                case RequestField.StreamOptions when ensureUsage:
                    sawStreamOptions = true;
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        EnsureIncludeUsage(ref reader, ref splicer);
                    }
                    else
                    {
                        SkipValue(ref reader);
                        splicer.Replace(start, (int)reader.BytesConsumed, IncludeUsageObject);
                    }

                    break;
                case RequestField.MaxTokens or RequestField.MaxCompletionTokens or RequestField.MaxOutputTokens when cap is not null:
                    sawLimit = true;
                    // Lower, never raise: a client's own smaller limit stands, in every field it set.
                    if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt32(out var limit) || limit < 0 || limit > cap)
                    {
                        SkipValue(ref reader);
                        splicer.MoveTo(start);
                        splicer.AppendInt32(cap.Value);
                        splicer.SkipTo((int)reader.BytesConsumed);
                    }

                    break;
                default:
                    break;
            }

            SkipValue(ref reader);
            lastValueEnd = (int)reader.BytesConsumed;
        }

        // New properties go right after the last value, before any whitespace that precedes the closing brace.
        if (model is not null && !sawModel)
        {
            splicer.MoveTo(lastValueEnd);
            splicer.Append(hasProperties ? ",\"model\":"u8 : "\"model\":"u8);
            WriteString(ref splicer, encodedModel ??= JsonEncodedText.Encode(model));
            hasProperties = true;
        }

        if (ensureUsage && !sawStreamOptions)
        {
            splicer.MoveTo(lastValueEnd);
            splicer.Append(hasProperties ? ",\"stream_options\":"u8 : "\"stream_options\":"u8);
            splicer.Append(IncludeUsageObject);
            hasProperties = true;
        }

        if (cap is not null && !sawLimit)
        {
            splicer.MoveTo(lastValueEnd);
            if (hasProperties)
            {
                splicer.Append(","u8);
            }

            splicer.Append(instructions.Operation switch
            {
                GatewayOperation.Responses => "\"max_output_tokens\":"u8,
                GatewayOperation.ChatCompletions when instructions.PreferMaxCompletionTokens => "\"max_completion_tokens\":"u8,
                _ => "\"max_tokens\":"u8,
            });
            splicer.AppendInt32(cap.Value);
        }

        return splicer.TryFinish(out var rewritten) ? rewritten : body;
    }

    /// <summary>On the start of a <c>stream_options</c> object: sets or adds <c>include_usage: true</c>, keeping the rest.</summary>
    private static void EnsureIncludeUsage(ref Utf8JsonReader reader, ref Splicer splicer)
    {
        var lastValueEnd = (int)reader.BytesConsumed;
        bool hasProperties = false, found = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            hasProperties = true;
            var isIncludeUsage = reader.ValueTextEquals("include_usage"u8);
            reader.Read();
            if (isIncludeUsage)
            {
                found = true;
                if (reader.TokenType != JsonTokenType.True)
                {
                    var start = (int)reader.TokenStartIndex;
                    SkipValue(ref reader);
                    splicer.Replace(start, (int)reader.BytesConsumed, "true"u8);
                }
            }

            SkipValue(ref reader);
            lastValueEnd = (int)reader.BytesConsumed;
        }

        if (!found)
        {
            splicer.MoveTo(lastValueEnd);
            splicer.Append(hasProperties ? ",\"include_usage\":true"u8 : "\"include_usage\":true"u8);
        }
    }

    private static void SkipValue(ref Utf8JsonReader reader)
    {
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
        }
    }

    private static void WriteString(ref Splicer splicer, JsonEncodedText value)
    {
        splicer.Append("\""u8);
        splicer.Append(value.EncodedUtf8Bytes);
        splicer.Append("\""u8);
    }

    /// <summary>
    /// Copies the source through in order, with replacements; allocates only at the first change, so an unchanged
    /// body costs nothing.
    /// </summary>
    private ref struct Splicer(ReadOnlySpan<byte> source, int expectedGrowth)
    {
        private readonly ReadOnlySpan<byte> _source = source;
        private byte[]? _buffer;
        private int _written;
        private int _copied;

        /// <summary>Copies the source up to <paramref name="position"/>; edits must come in source order.</summary>
        public void MoveTo(int position)
        {
            var chunk = _source[_copied..position];
            Ensure(chunk.Length);
            chunk.CopyTo(_buffer.AsSpan(_written));
            _written += chunk.Length;
            _copied = position;
        }

        /// <summary>Leaves the source out up to <paramref name="position"/>.</summary>
        public void SkipTo(int position)
        {
            Ensure(0);
            _copied = position;
        }

        public void Replace(int start, int end, ReadOnlySpan<byte> replacement)
        {
            MoveTo(start);
            Append(replacement);
            SkipTo(end);
        }

        public void Append(ReadOnlySpan<byte> bytes)
        {
            Ensure(bytes.Length);
            bytes.CopyTo(_buffer.AsSpan(_written));
            _written += bytes.Length;
        }

        public void AppendInt32(int value)
        {
            Ensure(11);
            value.TryFormat(_buffer.AsSpan(_written), out var length, provider: System.Globalization.CultureInfo.InvariantCulture);
            _written += length;
        }

        public bool TryFinish(out ReadOnlyMemory<byte> result)
        {
            if (_buffer is null)
            {
                result = default;
                return false;
            }

            MoveTo(_source.Length);
            result = _buffer.AsMemory(0, _written);
            return true;
        }

        private void Ensure(int more)
        {
            if (_buffer is null)
            {
                _buffer = new byte[Math.Max(_source.Length + expectedGrowth, more)];
            }
            else if (_written + more > _buffer.Length)
            {
                Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _written + more));
            }
        }
    }
}
