using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.Serialization;

namespace AiGateway.Shared.Services.Configuration;

/// <summary>
/// Writes a time as one ISO 8601 scalar in UTC (<c>2026-01-01T00:00:00Z</c>), and reads any ISO 8601 time; YamlDotNet
/// would otherwise write a <see cref="DateTimeOffset"/> as an object of its properties.
/// </summary>
internal sealed class DateTimeOffsetYamlConverter : IYamlTypeConverter
{
    public bool Accepts(Type type) => type == typeof(DateTimeOffset) || type == typeof(DateTimeOffset?);

    public object? ReadYaml(IParser parser, Type type, ObjectDeserializer rootDeserializer)
    {
        var scalar = parser.Consume<Scalar>();
        if (type == typeof(DateTimeOffset?) && (scalar.Value.Length == 0 || scalar.Value is "null" or "~"))
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(scalar.Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value))
        {
            throw new YamlException(scalar.Start, scalar.End, $"'{scalar.Value}' is not a time; write it as 2026-01-01T00:00:00Z.");
        }

        return value;
    }

    public void WriteYaml(IEmitter emitter, object? value, Type type, ObjectSerializer serializer)
    {
        var text = value is DateTimeOffset time
            ? time.ToUniversalTime().ToString(time.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd'T'HH:mm:ss'Z'" : "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture)
            : "";
        emitter.Emit(new Scalar(text));
    }
}
