using System.Text.Json;

namespace AiGateway.Simulator.Endpoints;

/// <summary>Reads optional request fields with the checks the services apply, naming the field on failure.</summary>
internal static class RequestFields
{
    /// <summary>An optional integer in [min, max]; null when absent or JSON null.</summary>
    public static bool TryGetInt(JsonElement root, string name, int min, int max, out int? value, out RequestProblem? problem)
    {
        value = null;
        problem = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt32(out var number))
        {
            problem = new RequestProblem($"Invalid type for '{name}': expected an integer.", name, "invalid_type");
            return false;
        }

        if (number < min || number > max)
        {
            problem = new RequestProblem($"Invalid '{name}': integer out of range; expected a value between {min} and {max}, but got {number} instead.", name, "integer_out_of_range");
            return false;
        }

        value = number;
        return true;
    }

    public static bool TryGetBool(JsonElement root, string name, out bool value, out RequestProblem? problem)
    {
        value = false;
        problem = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            problem = new RequestProblem($"Invalid type for '{name}': expected a boolean.", name, "invalid_type");
            return false;
        }

        value = element.GetBoolean();
        return true;
    }

    /// <summary><c>stream_options.include_usage</c>; only meaningful with <c>stream: true</c>, as the services insist.</summary>
    public static bool TryGetIncludeUsage(JsonElement root, bool stream, out bool includeUsage, out RequestProblem? problem)
    {
        includeUsage = false;
        problem = null;
        if (!root.TryGetProperty("stream_options", out var options) || options.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (!stream)
        {
            problem = new RequestProblem("The 'stream_options' parameter is only allowed when 'stream' is enabled.", "stream_options", "invalid_value");
            return false;
        }

        if (options.ValueKind != JsonValueKind.Object)
        {
            problem = new RequestProblem("Invalid type for 'stream_options': expected an object.", "stream_options", "invalid_type");
            return false;
        }

        return TryGetBool(options, "include_usage", out includeUsage, out problem);
    }

    public static RequestProblem Missing(string name) =>
        new($"Missing required parameter: '{name}'.", name, "missing_required_parameter");
}
