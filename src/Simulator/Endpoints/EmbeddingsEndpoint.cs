using System.Buffers;
using System.Text.Json;
using AiGateway.Simulator.Generation;
using AiGateway.Simulator.State;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AiGateway.Simulator.Endpoints;

/// <summary>
/// <c>embeddings</c>: input as a string, strings, token ids or arrays of token ids; vectors as floats or,
/// with <c>encoding_format: base64</c> (what the OpenAI .NET SDK asks for), as base64 of little-endian float32.
/// </summary>
internal sealed class EmbeddingsEndpoint(OperationGate gate, TokenCounter counter)
{
    private const int MaxInputs = 2048;

    public async Task HandleAsync(HttpContext context, string? routeDeployment, string routeKind, bool azure)
    {
        var call = context.Features.GetRequiredFeature<SimulatorCall>();
        call.Azure = azure;
        using var body = await gate.ReadBodyAsync(context, call, routeKind);
        if (body is null)
        {
            return;
        }

        var root = body.RootElement;
        var deployment = await gate.ResolveAsync(context, call, routeDeployment, root, Operation.Embeddings);
        if (deployment is null)
        {
            return;
        }

        var settings = deployment.Settings;
        if (!TryReadInputs(root, out var inputs, out var promptTokens, out var problem)
            || !RequestFields.TryGetInt(root, "dimensions", 1, settings.EmbeddingDimensions, out var dimensions, out problem)
            || !TryReadBase64(root, out var base64, out problem))
        {
            await gate.ProblemAsync(context, call, problem!);
            return;
        }

        if (!await gate.AdmitAsync(context, call, deployment, settings, Operation.Embeddings, promptTokens))
        {
            return;
        }

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = Json.ContentType;
        var length = dimensions ?? settings.EmbeddingDimensions;
        var vector = ArrayPool<float>.Shared.Rent(length);
        try
        {
            var w = Json.CreateWriter(context);
            w.WriteStartObject();
            w.WriteStartArray("data");
            for (var i = 0; i < inputs.Count; i++)
            {
                var span = vector.AsSpan(0, length);
                EmbeddingVectors.Fill(inputs[i], span);
                w.WriteStartObject();
                if (base64)
                {
                    w.WriteBase64String("embedding", EmbeddingVectors.ToBytes(span));
                }
                else
                {
                    w.WriteStartArray("embedding");
                    foreach (var value in span)
                    {
                        w.WriteNumberValue(value);
                    }

                    w.WriteEndArray();
                }

                w.WriteNumber("index", i);
                w.WriteString("object", "embedding");
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteString("model", settings.Model);
            w.WriteString("object", "list");
            w.WriteStartObject("usage");
            w.WriteNumber("prompt_tokens", promptTokens);
            w.WriteNumber("total_tokens", promptTokens);
            w.WriteEndObject();
            w.WriteEndObject();
            await Json.CompleteAsync(context, w);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(vector);
        }

        gate.Served(call, deployment, promptTokens, 0);
    }

    /// <summary>Each input as the text its vector derives from (token ids are joined, so equal ids give equal vectors).</summary>
    private bool TryReadInputs(JsonElement root, out List<string> inputs, out int tokens, out RequestProblem? problem)
    {
        inputs = [];
        tokens = 0;
        problem = null;
        if (!root.TryGetProperty("input", out var input) || input.ValueKind == JsonValueKind.Null)
        {
            problem = RequestFields.Missing("input");
            return false;
        }

        if (input.ValueKind == JsonValueKind.String)
        {
            return AddText(input, inputs, ref tokens, out problem);
        }

        if (input.ValueKind != JsonValueKind.Array || input.GetArrayLength() is 0 or > MaxInputs)
        {
            problem = new RequestProblem($"Invalid 'input': expected a string or a non-empty array of at most {MaxInputs} items.", "input", "invalid_value");
            return false;
        }

        if (input[0].ValueKind == JsonValueKind.Number)
        {
            return AddTokenIds(input, inputs, ref tokens, out problem);
        }

        foreach (var item in input.EnumerateArray())
        {
            var ok = item.ValueKind switch
            {
                JsonValueKind.String => AddText(item, inputs, ref tokens, out problem),
                JsonValueKind.Array => AddTokenIds(item, inputs, ref tokens, out problem),
                _ => Invalid(out problem),
            };
            if (!ok)
            {
                return false;
            }
        }

        return true;
    }

    private bool AddText(JsonElement item, List<string> inputs, ref int tokens, out RequestProblem? problem)
    {
        var text = item.GetString()!;
        if (text.Length == 0)
        {
            problem = new RequestProblem("'$.input' is invalid. Please check the API reference: https://platform.openai.com/docs/api-reference.", "input", "invalid_value");
            return false;
        }

        inputs.Add(text);
        tokens += counter.Count(text);
        problem = null;
        return true;
    }

    private static bool AddTokenIds(JsonElement item, List<string> inputs, ref int tokens, out RequestProblem? problem)
    {
        if (item.GetArrayLength() == 0 || item.EnumerateArray().Any(t => t.ValueKind != JsonValueKind.Number))
        {
            return Invalid(out problem);
        }

        inputs.Add(item.GetRawText());
        tokens += item.GetArrayLength();
        problem = null;
        return true;
    }

    private static bool Invalid(out RequestProblem? problem)
    {
        problem = new RequestProblem("Invalid 'input': items must be non-empty strings or arrays of token ids.", "input", "invalid_type");
        return false;
    }

    private static bool TryReadBase64(JsonElement root, out bool base64, out RequestProblem? problem)
    {
        base64 = false;
        problem = null;
        if (!root.TryGetProperty("encoding_format", out var format) || format.ValueKind == JsonValueKind.Null || format.ValueEquals("float"))
        {
            return true;
        }

        if (format.ValueEquals("base64"))
        {
            base64 = true;
            return true;
        }

        problem = new RequestProblem("Invalid value for 'encoding_format': expected 'float' or 'base64'.", "encoding_format", "invalid_value");
        return false;
    }
}
