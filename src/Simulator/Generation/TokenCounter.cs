using System.Text.Json;
using Microsoft.ML.Tokenizers;

namespace AiGateway.Simulator.Generation;

/// <summary>
/// Counts tokens with the o200k_base encoding (gpt-4o and later), loaded once per process from the
/// Microsoft.ML.Tokenizers data package, so it works offline.
/// </summary>
internal sealed class TokenCounter
{
    // OpenAI's accounting for chat models: every message costs a few tokens for its framing, a name one more,
    // and every reply is primed with a few tokens.
    private const int TokensPerMessage = 3;
    private const int TokensPerName = 1;
    private const int ReplyPriming = 3;

    // Building the tokenizer reads a 200k-entry vocabulary; share it across hosts (tests start many).
    private static readonly Lazy<TiktokenTokenizer> Shared = new(() => TiktokenTokenizer.CreateForModel("gpt-4o"));

    private readonly TiktokenTokenizer _tokenizer = Shared.Value;

    public int Count(string? text) => string.IsNullOrEmpty(text) ? 0 : _tokenizer.CountTokens(text);

    /// <summary>Prompt tokens of a chat request, counted as OpenAI documents for gpt-4o.</summary>
    public int CountChat(JsonElement messages, JsonElement tools)
    {
        var total = ReplyPriming;
        foreach (var message in messages.EnumerateArray())
        {
            total += TokensPerMessage;
            foreach (var property in message.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "name":
                        total += TokensPerName + CountValue(property.Value);
                        break;
                    default:
                        total += CountValue(property.Value);
                        break;
                }
            }
        }

        // Tool definitions are rendered into the prompt; their JSON text is a fair estimate of their size.
        if (tools.ValueKind == JsonValueKind.Array)
        {
            total += Count(tools.GetRawText());
        }

        return total;
    }

    /// <summary>Input tokens of a Responses request: its instructions and each input item.</summary>
    public int CountResponsesInput(JsonElement input, JsonElement instructions)
    {
        var total = instructions.ValueKind == JsonValueKind.String ? Count(instructions.GetString()) + TokensPerMessage : 0;
        if (input.ValueKind == JsonValueKind.String)
        {
            return total + TokensPerMessage + Count(input.GetString()) + ReplyPriming;
        }

        foreach (var item in input.EnumerateArray())
        {
            total += TokensPerMessage;
            if (item.ValueKind != JsonValueKind.Object)
            {
                total += CountValue(item);
                continue;
            }

            foreach (var property in item.EnumerateObject())
            {
                // The item's "type" and ids are framing, not text the model reads.
                if (property.Name is not ("type" or "id" or "status"))
                {
                    total += CountValue(property.Value);
                }
            }
        }

        return total + ReplyPriming;
    }

    /// <summary>Counts the text inside a value: strings, content parts (<c>text</c>), tool calls (their JSON).</summary>
    private int CountValue(JsonElement value)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                return Count(value.GetString());
            case JsonValueKind.Array:
                var sum = 0;
                foreach (var part in value.EnumerateArray())
                {
                    sum += CountPart(part);
                }

                return sum;
            case JsonValueKind.Object:
                return Count(value.GetRawText());
            default:
                return 0;
        }
    }

    private int CountPart(JsonElement part)
    {
        if (part.ValueKind == JsonValueKind.String)
        {
            return Count(part.GetString());
        }

        if (part.ValueKind != JsonValueKind.Object)
        {
            return 0;
        }

        if (part.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String)
        {
            return Count(text.GetString());
        }

        // An image costs a fixed base in low detail; a fair stand-in when the simulator cannot see the image.
        if (part.TryGetProperty("image_url", out _) || part.TryGetProperty("type", out var type) && type.ValueEquals("input_image"))
        {
            return 85;
        }

        return Count(part.GetRawText());
    }
}
