using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace AiGateway.Shared.Services.Configuration;

/// <summary>Reads and writes <see cref="GatewayConfigurationDocument"/> as YAML with the management API's camelCase field names.</summary>
public static class ConfigurationYaml
{
    public const string MediaType = "application/yaml";

    private static readonly ISerializer Serializer = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull | DefaultValuesHandling.OmitEmptyCollections)
        .WithQuotingNecessaryStrings()
        .WithTypeConverter(new DateTimeOffsetYamlConverter())
        .DisableAliases()
        .Build();

    // Unknown fields are errors, not ignored: a misspelt limit must not silently leave a team unlimited.
    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithTypeConverter(new DateTimeOffsetYamlConverter())
        .Build();

    public static string Serialize(GatewayConfigurationDocument document) => Serializer.Serialize(document);

    /// <summary>Parses a document; a syntax error or an unknown field is a <see cref="RequestValidationException"/> naming the line.</summary>
    public static GatewayConfigurationDocument Deserialize(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        try
        {
            return Deserializer.Deserialize<GatewayConfigurationDocument?>(yaml)
                ?? throw RequestValidationException.For("document", "The document is empty.");
        }
        catch (YamlException e)
        {
            var reason = e.InnerException is { } inner and not YamlException ? inner.Message : e.Message;
            throw RequestValidationException.For("document", $"Line {e.Start.Line}, column {e.Start.Column}: {Simplify(reason)}");
        }
    }

    // YamlDotNet's messages name its own types ("Property 'x' not found on type 'AiGateway...'"); keep what a user can act on.
    private static string Simplify(string message)
    {
        var typeAt = message.IndexOf(" on type '", StringComparison.Ordinal);
        return typeAt > 0 ? message[..typeAt] + "." : message;
    }
}
