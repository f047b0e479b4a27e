using System.Text.Json.Serialization;

namespace AiGateway.Simulator.Control;

/// <summary>
/// Source-generated JSON for the control endpoints, passed explicitly so the host's JSON options are
/// neither used nor changed.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true)]
[JsonSerializable(typeof(ConfigView))]
[JsonSerializable(typeof(StatsView))]
internal sealed partial class ControlJsonContext : JsonSerializerContext;
