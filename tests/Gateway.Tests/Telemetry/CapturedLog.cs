using Microsoft.Extensions.Logging;

namespace AiGateway.Gateway.Tests.Telemetry;

/// <summary>One log entry: its message as formatted, and its structured fields by name.</summary>
internal sealed record CapturedLog(string Category, LogLevel Level, EventId EventId, string Message, IReadOnlyDictionary<string, object?> Fields);
