using System.Text.Json.Serialization;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.Metering.Spool;

/// <summary>
/// How a usage record is written to a spool file: one compact JSON object per line, camel-cased, default values left
/// out (an operator can still read a line; the store-assigned <c>id</c> is never written). Source-generated, so
/// writing a record allocates nothing and reflection is never used.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(UsageRecord))]
internal sealed partial class UsageSpoolJsonContext : JsonSerializerContext;
