using System.Text.Json;

namespace AiGateway.Simulator.Endpoints;

/// <summary>The <c>usage</c> object of chat and completions answers.</summary>
internal static class UsageJson
{
    public static void Write(Utf8JsonWriter writer, int promptTokens, int completionTokens, bool details, int cachedTokens = 0, int reasoningTokens = 0)
    {
        writer.WriteStartObject("usage");
        writer.WriteNumber("completion_tokens", completionTokens);
        if (details)
        {
            writer.WriteStartObject("completion_tokens_details");
            writer.WriteNumber("accepted_prediction_tokens", 0);
            writer.WriteNumber("audio_tokens", 0);
            writer.WriteNumber("reasoning_tokens", reasoningTokens);
            writer.WriteNumber("rejected_prediction_tokens", 0);
            writer.WriteEndObject();
        }

        writer.WriteNumber("prompt_tokens", promptTokens);
        if (details)
        {
            writer.WriteStartObject("prompt_tokens_details");
            writer.WriteNumber("audio_tokens", 0);
            writer.WriteNumber("cached_tokens", cachedTokens);
            writer.WriteEndObject();
        }

        writer.WriteNumber("total_tokens", promptTokens + completionTokens);
        writer.WriteEndObject();
    }
}
