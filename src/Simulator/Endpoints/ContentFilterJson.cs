using System.Text.Json;

namespace AiGateway.Simulator.Endpoints;

/// <summary>Azure's content-filter annotations: per prompt in <c>prompt_filter_results</c>, per choice in <c>content_filter_results</c>.</summary>
internal static class ContentFilterJson
{
    /// <summary><c>"prompt_filter_results":[{"prompt_index":0,"content_filter_results":{...}}]</c>.</summary>
    public static void WritePromptFilterResults(Utf8JsonWriter writer)
    {
        writer.WriteStartArray("prompt_filter_results");
        writer.WriteStartObject();
        writer.WriteNumber("prompt_index", 0);
        writer.WritePropertyName("content_filter_results");
        WriteCategories(writer, prompt: true, flagViolence: false);
        writer.WriteEndObject();
        writer.WriteEndArray();
    }

    /// <summary>The per-choice annotation on generated content.</summary>
    public static void WriteChoiceResults(Utf8JsonWriter writer)
    {
        writer.WritePropertyName("content_filter_results");
        WriteCategories(writer, prompt: false, flagViolence: false);
    }

    /// <summary>Categories in Azure's (alphabetical) order; prompts add jailbreak, outputs protected material.</summary>
    public static void WriteCategories(Utf8JsonWriter writer, bool prompt, bool flagViolence)
    {
        writer.WriteStartObject();
        Severity(writer, "hate", false);
        if (prompt)
        {
            Detected(writer, "jailbreak");
        }
        else
        {
            Detected(writer, "protected_material_code");
            Detected(writer, "protected_material_text");
        }

        Severity(writer, "self_harm", false);
        Severity(writer, "sexual", false);
        Severity(writer, "violence", flagViolence);
        writer.WriteEndObject();
    }

    private static void Severity(Utf8JsonWriter writer, string category, bool filtered)
    {
        writer.WriteStartObject(category);
        writer.WriteBoolean("filtered", filtered);
        writer.WriteString("severity", filtered ? "high" : "safe");
        writer.WriteEndObject();
    }

    private static void Detected(Utf8JsonWriter writer, string category)
    {
        writer.WriteStartObject(category);
        writer.WriteBoolean("filtered", false);
        writer.WriteBoolean("detected", false);
        writer.WriteEndObject();
    }
}
