using System.Text.Json;
using AiGateway.Simulator.Generation;
using AiGateway.Simulator.State;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AiGateway.Simulator.Endpoints;

/// <summary>
/// The Responses API (<c>/v1/responses</c>, <c>/openai/v1/responses</c>): one assistant message, returned
/// whole or as the event sequence the service streams (<c>response.created</c> ... <c>response.output_text.delta</c>
/// ... <c>response.completed</c>). Hitting <c>max_output_tokens</c> makes the response <c>incomplete</c>, as it does there.
/// </summary>
internal sealed class ResponsesEndpoint(OperationGate gate, TokenCounter counter, FillerText filler)
{
    public async Task HandleAsync(HttpContext context, bool azure)
    {
        var call = context.Features.GetRequiredFeature<SimulatorCall>();
        call.Azure = azure;
        using var body = await gate.ReadBodyAsync(context, call, Routes.V1);
        if (body is null)
        {
            return;
        }

        var root = body.RootElement;
        var deployment = await gate.ResolveAsync(context, call, null, root, Operation.Responses);
        if (deployment is null)
        {
            return;
        }

        if (!root.TryGetProperty("input", out var input) || input.ValueKind == JsonValueKind.Null)
        {
            await gate.ProblemAsync(context, call, RequestFields.Missing("input"));
            return;
        }

        if (input.ValueKind is not (JsonValueKind.String or JsonValueKind.Array) || input.ValueKind == JsonValueKind.Array && input.GetArrayLength() == 0)
        {
            await gate.ProblemAsync(context, call, new RequestProblem("Invalid 'input': expected a string or a non-empty array of input items.", "input", "invalid_type"));
            return;
        }

        if (!RequestFields.TryGetInt(root, "max_output_tokens", 1, 1_000_000, out var maxOutput, out var problem)
            || !RequestFields.TryGetBool(root, "stream", out var stream, out problem))
        {
            await gate.ProblemAsync(context, call, problem!);
            return;
        }

        var instructions = root.TryGetProperty("instructions", out var i) && i.ValueKind == JsonValueKind.String ? i : default;
        var settings = deployment.Settings;
        var length = CompletionLength.From(maxOutput, gate.Global.DefaultCompletionTokens);
        var inputTokens = counter.CountResponsesInput(input, instructions);
        if (!await gate.AdmitAsync(context, call, deployment, settings, Operation.Responses, inputTokens + (long)length.Tokens))
        {
            return;
        }

        var answer = new Answer(
            Ids.NewHex("resp_"),
            Ids.NewHex("msg_"),
            gate.Time.GetUtcNow().ToUnixTimeSeconds(),
            settings,
            length,
            maxOutput,
            instructions.ValueKind == JsonValueKind.String ? instructions.GetString() : null,
            inputTokens);

        if (stream)
        {
            await StreamAsync(context, call, deployment, answer);
            return;
        }

        await gate.GenerationDelayAsync(context, settings, length.Tokens);
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = Json.ContentType;
        var w = Json.CreateWriter(context);
        WriteResponse(w, answer, done: true, filler.Text(0, length.Tokens));
        await Json.CompleteAsync(context, w);
        gate.Served(call, deployment, inputTokens, length.Tokens);
    }

    private async Task StreamAsync(HttpContext context, SimulatorCall call, DeploymentRuntime deployment, Answer answer)
    {
        await using var sse = new SseWriter(context, answer.Settings.Faults.CutStreamAfterChunks);
        var sequence = 0;

        async Task<bool> EventAsync(string type, Action<Utf8JsonWriter> write)
        {
            var w = sse.BeginFrame(type);
            w.WriteStartObject();
            w.WriteString("type", type);
            w.WriteNumber("sequence_number", sequence++);
            write(w);
            w.WriteEndObject();
            if (await sse.EndFrameAsync())
            {
                return true;
            }

            gate.StreamCut(call, deployment, sse.Frames);
            return false;
        }

        if (!await EventAsync("response.created", w => WriteResponse(w, answer, done: false, null, "response"))
            || !await EventAsync("response.in_progress", w => WriteResponse(w, answer, done: false, null, "response"))
            || !await EventAsync("response.output_item.added", w =>
            {
                w.WriteNumber("output_index", 0);
                w.WritePropertyName("item");
                WriteMessage(w, answer, null);
            })
            || !await EventAsync("response.content_part.added", w =>
            {
                WritePosition(w, answer);
                w.WritePropertyName("part");
                WriteTextPart(w, "");
            }))
        {
            return;
        }

        var pacer = new Pacer(gate.Time, answer.Settings.Latency.PerTokenMs, context.RequestAborted);
        for (var token = 0; token < answer.Length.Tokens; token++)
        {
            await pacer.NextTokensAsync();
            var piece = filler.Piece(0, token);
            if (!await EventAsync("response.output_text.delta", w =>
            {
                WritePosition(w, answer);
                w.WriteString("delta", piece);
                w.WriteStartArray("logprobs");
                w.WriteEndArray();
            }))
            {
                return;
            }
        }

        var text = filler.Text(0, answer.Length.Tokens);
        if (!await EventAsync("response.output_text.done", w =>
            {
                WritePosition(w, answer);
                w.WriteString("text", text);
                w.WriteStartArray("logprobs");
                w.WriteEndArray();
            })
            || !await EventAsync("response.content_part.done", w =>
            {
                WritePosition(w, answer);
                w.WritePropertyName("part");
                WriteTextPart(w, text);
            })
            || !await EventAsync("response.output_item.done", w =>
            {
                w.WriteNumber("output_index", 0);
                w.WritePropertyName("item");
                WriteMessage(w, answer, text);
            })
            || !await EventAsync(answer.Length.LimitedByMaximum ? "response.incomplete" : "response.completed",
                w => WriteResponse(w, answer, done: true, text, "response")))
        {
            return;
        }

        gate.Served(call, deployment, answer.InputTokens, answer.Length.Tokens);
    }

    /// <summary>The response object; before it is done it has no output and no usage yet.</summary>
    private static void WriteResponse(Utf8JsonWriter w, Answer answer, bool done, string? text, string? propertyName = null)
    {
        if (propertyName is null)
        {
            w.WriteStartObject();
        }
        else
        {
            w.WriteStartObject(propertyName);
        }

        var incomplete = done && answer.Length.LimitedByMaximum;
        w.WriteString("id", answer.Id);
        w.WriteString("object", "response");
        w.WriteNumber("created_at", answer.Created);
        w.WriteString("status", !done ? "in_progress" : incomplete ? "incomplete" : "completed");
        w.WriteBoolean("background", false);
        w.WriteNull("error");
        if (incomplete)
        {
            w.WriteStartObject("incomplete_details");
            w.WriteString("reason", "max_output_tokens");
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("incomplete_details");
        }

        w.WriteString("instructions", answer.Instructions);
        if (answer.MaxOutputTokens is { } max)
        {
            w.WriteNumber("max_output_tokens", max);
        }
        else
        {
            w.WriteNull("max_output_tokens");
        }

        w.WriteString("model", answer.Settings.ResponseModel);
        w.WriteStartArray("output");
        if (done)
        {
            WriteMessage(w, answer, text);
        }

        w.WriteEndArray();
        w.WriteBoolean("parallel_tool_calls", true);
        w.WriteNull("previous_response_id");
        w.WriteStartObject("reasoning");
        w.WriteNull("effort");
        w.WriteNull("summary");
        w.WriteEndObject();
        w.WriteString("service_tier", "default");
        w.WriteBoolean("store", true);
        w.WriteNumber("temperature", 1.0);
        w.WriteStartObject("text");
        w.WriteStartObject("format");
        w.WriteString("type", "text");
        w.WriteEndObject();
        w.WriteEndObject();
        w.WriteString("tool_choice", "auto");
        w.WriteStartArray("tools");
        w.WriteEndArray();
        w.WriteNumber("top_p", 1.0);
        w.WriteString("truncation", "disabled");
        if (done)
        {
            w.WriteStartObject("usage");
            w.WriteNumber("input_tokens", answer.InputTokens);
            w.WriteStartObject("input_tokens_details");
            w.WriteNumber("cached_tokens", 0);
            w.WriteEndObject();
            w.WriteNumber("output_tokens", answer.Length.Tokens);
            w.WriteStartObject("output_tokens_details");
            w.WriteNumber("reasoning_tokens", 0);
            w.WriteEndObject();
            w.WriteNumber("total_tokens", answer.InputTokens + answer.Length.Tokens);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("usage");
        }

        w.WriteNull("user");
        w.WriteStartObject("metadata");
        w.WriteEndObject();
        w.WriteEndObject();
    }

    /// <summary>The assistant message item; <paramref name="text"/> null while it is still being written.</summary>
    private static void WriteMessage(Utf8JsonWriter w, Answer answer, string? text)
    {
        w.WriteStartObject();
        w.WriteString("id", answer.MessageId);
        w.WriteString("type", "message");
        w.WriteString("status", text is null ? "in_progress" : answer.Length.LimitedByMaximum ? "incomplete" : "completed");
        w.WriteStartArray("content");
        if (text is not null)
        {
            WriteTextPart(w, text);
        }

        w.WriteEndArray();
        w.WriteString("role", "assistant");
        w.WriteEndObject();
    }

    private static void WriteTextPart(Utf8JsonWriter w, string text)
    {
        w.WriteStartObject();
        w.WriteString("type", "output_text");
        w.WriteStartArray("annotations");
        w.WriteEndArray();
        w.WriteStartArray("logprobs");
        w.WriteEndArray();
        w.WriteString("text", text);
        w.WriteEndObject();
    }

    private static void WritePosition(Utf8JsonWriter w, Answer answer)
    {
        w.WriteString("item_id", answer.MessageId);
        w.WriteNumber("output_index", 0);
        w.WriteNumber("content_index", 0);
    }

    private sealed record Answer(
        string Id,
        string MessageId,
        long Created,
        DeploymentSettings Settings,
        CompletionLength Length,
        int? MaxOutputTokens,
        string? Instructions,
        int InputTokens);
}
