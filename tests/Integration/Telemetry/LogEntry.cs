using Microsoft.Extensions.Logging;

namespace AiGateway.Integration.Telemetry;

/// <summary>One log entry: its message as formatted, its exception's text, and its structured fields by name.</summary>
internal sealed record LogEntry(string Category, LogLevel Level, string Message, string? Exception, IReadOnlyDictionary<string, object?> Fields)
{
    /// <summary>Everything the entry would put in a log: to check what must never be there.</summary>
    public IEnumerable<string> Texts =>
        [Message, Exception ?? "", .. Fields.Values.Select(v => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) ?? "")];

    public object? Field(string name) => Fields.GetValueOrDefault(name);
}
