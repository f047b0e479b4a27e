using System.Globalization;

namespace AiGateway.Shared.Services.Explorer;

/// <summary>An HTTP status to search for: one code (<c>429</c>) or a class (<c>5xx</c>), as an inclusive range.</summary>
public readonly record struct StatusFilter(int Min, int Max)
{
    public const string Help = "'status' must be an HTTP status code from 100 to 599 (e.g. 429) or a class: 1xx, 2xx, 3xx, 4xx or 5xx.";

    public static bool TryParse(string? value, out StatusFilter? filter)
    {
        filter = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        var text = value.Trim();
        if (text.Length == 3 && text[0] is >= '1' and <= '5' && text.EndsWith("xx", StringComparison.OrdinalIgnoreCase))
        {
            var low = (text[0] - '0') * 100;
            filter = new StatusFilter(low, low + 99);
            return true;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var code) && code is >= 100 and <= 599)
        {
            filter = new StatusFilter(code, code);
            return true;
        }

        return false;
    }

    /// <summary>The filter, or a validation error naming <paramref name="field"/>.</summary>
    public static StatusFilter? Parse(string? value, string field = "status") =>
        TryParse(value, out var filter) ? filter : throw RequestValidationException.For(field, Help);
}
