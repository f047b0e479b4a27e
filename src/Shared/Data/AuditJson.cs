using System.Text.Json;
using System.Text.Json.Serialization;

namespace AiGateway.Shared.Data;

internal static class AuditJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };
}
