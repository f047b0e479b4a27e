using System.Text.Json;
using System.Text.Json.Nodes;
using AiGateway.Simulator.Endpoints.Stateful;
using AiGateway.Simulator.Generation;
using AiGateway.Simulator.State;
using AiGateway.Simulator.State.Stateful;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AiGateway.Simulator.Endpoints;

/// <summary>
/// Creating a response (<c>POST .../responses</c>): one assistant message, returned whole or as the event sequence
/// the service streams (<c>response.created</c> ... <c>response.output_text.delta</c> ... <c>response.completed</c>).
/// Hitting <c>max_output_tokens</c> makes the response <c>incomplete</c>, as it does there. Stored unless
/// <c>store: false</c>; <c>previous_response_id</c> and <c>conversation</c> continue earlier context (charged as
/// input); <c>background: true</c> answers at once with a queued response that completes after the job time.
/// </summary>
internal sealed class ResponsesEndpoint(OperationGate gate, TokenCounter counter, FillerText filler, StatefulStore store)
{
    public async Task HandleAsync(HttpContext context)
    {
        var call = context.Features.GetRequiredFeature<SimulatorCall>();
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
            || !RequestFields.TryGetBool(root, "stream", out var stream, out problem)
            || !RequestFields.TryGetBool(root, "background", out var background, out problem)
            || !TryGetStore(root, out var keep, out problem)
            || !ResponseContinuation.TryRead(root, out var continuation, out problem))
        {
            await gate.ProblemAsync(context, call, problem!);
            return;
        }

        if (background && !keep)
        {
            await gate.ProblemAsync(context, call, new RequestProblem("Background mode requires 'store' to be true.", "background", "invalid_value"));
            return;
        }

        var prior = 0;
        lock (store.Gate)
        {
            if (continuation.PreviousResponseId is { } previousId)
            {
                prior = ResponseLifecycle.Find(store, previousId)?.ContextTokens ?? -1;
            }
            else if (continuation.ConversationId is { } conversationId)
            {
                prior = store.Conversations.Find(conversationId)?.Tokens ?? -1;
            }
        }

        if (prior < 0)
        {
            await ResponseContinuation.WriteNotFoundAsync(context, continuation);
            return;
        }

        var instructions = root.TryGetProperty("instructions", out var i) && i.ValueKind == JsonValueKind.String ? i : default;
        var settings = deployment.Settings;
        var length = CompletionLength.From(maxOutput, gate.Global.DefaultCompletionTokens);
        var ownInputTokens = counter.CountResponsesInput(input, instructions);
        var inputTokens = ownInputTokens + prior;
        if (!await gate.AdmitAsync(context, call, deployment, settings, Operation.Responses, inputTokens + (long)length.Tokens))
        {
            return;
        }

        var now = gate.Time.GetUtcNow();
        var draft = new ResponseDraft(
            store.NewHexId("resp_", 50),
            store.NewHexId("msg_", 50),
            now.ToUnixTimeSeconds(),
            settings.ResponseModel,
            length,
            maxOutput,
            instructions.ValueKind == JsonValueKind.String ? instructions.GetString() : null,
            inputTokens,
            continuation.PreviousResponseId,
            continuation.ConversationId,
            background,
            keep,
            root.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object ? JsonNode.Parse(metadata.GetRawText()) as JsonObject : null);
        var turn = new Turn(draft, deployment.Name, ResponseItems.FromInput(input, store), ownInputTokens + length.Tokens, filler.Text(0, length.Tokens));

        // A streamed background response streams as any other (and is stored, marked background).
        if (background && !stream)
        {
            var queued = Save(turn, now, ResponseJson.Build(draft, null, "queued"));
            gate.Served(call, deployment, inputTokens, length.Tokens);
            await StatefulJson.WriteAsync(context, queued);
            return;
        }

        if (stream)
        {
            await StreamAsync(context, call, deployment, turn, now);
            return;
        }

        await gate.GenerationDelayAsync(context, settings, length.Tokens);
        var final = Save(turn, now, null);
        await StatefulJson.WriteAsync(context, final);
        gate.Served(call, deployment, inputTokens, length.Tokens);
    }

    /// <summary>
    /// Keeps the response (unless <c>store: false</c>) and, once it is done, adds the turn to its conversation.
    /// Returns a copy of what to send: <paramref name="pending"/> when given (a background response), else the final object.
    /// </summary>
    private JsonObject Save(Turn turn, DateTimeOffset now, JsonObject? pending)
    {
        var final = ResponseJson.Build(turn.Draft, turn.Text);
        var body = pending ?? final;
        var saved = new StoredResponse(turn.Draft.Id, turn.Deployment, body, final, now, pending is null ? now : now + store.JobDuration)
        {
            Background = turn.Draft.Background,
            InputItems = turn.InputItems,
            ContextTokens = turn.Draft.InputTokens + turn.Draft.Length.Tokens,
            TurnTokens = turn.TurnTokens,
            ConversationId = turn.Draft.ConversationId,
        };

        lock (store.Gate)
        {
            if (turn.Draft.Store)
            {
                store.Responses.Add(saved);
            }

            if (pending is null)
            {
                store.Conversations.Find(turn.Draft.ConversationId)?.Append(saved.ConversationItems(), saved.TurnTokens);
            }

            return (JsonObject)body.DeepClone();
        }
    }

    private async Task StreamAsync(HttpContext context, SimulatorCall call, DeploymentRuntime deployment, Turn turn, DateTimeOffset now)
    {
        var draft = turn.Draft;
        await using var sse = new SseWriter(context, deployment.Settings.Faults.CutStreamAfterChunks);
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

        void Write(Utf8JsonWriter w, string name, JsonNode node)
        {
            w.WritePropertyName(name);
            node.WriteTo(w);
        }

        var pending = ResponseJson.Build(draft, null);
        if (!await EventAsync("response.created", w => Write(w, "response", pending))
            || !await EventAsync("response.in_progress", w => Write(w, "response", pending))
            || !await EventAsync("response.output_item.added", w =>
            {
                w.WriteNumber("output_index", 0);
                Write(w, "item", ResponseJson.Message(draft, null));
            })
            || !await EventAsync("response.content_part.added", w =>
            {
                WritePosition(w, draft);
                Write(w, "part", ResponseJson.TextPart(""));
            }))
        {
            return;
        }

        var pacer = new Pacer(gate.Time, deployment.Settings.Latency.PerTokenMs, context.RequestAborted);
        for (var token = 0; token < draft.Length.Tokens; token++)
        {
            await pacer.NextTokensAsync();
            var piece = filler.Piece(0, token);
            if (!await EventAsync("response.output_text.delta", w =>
            {
                WritePosition(w, draft);
                w.WriteString("delta", piece);
                w.WriteStartArray("logprobs");
                w.WriteEndArray();
            }))
            {
                return;
            }
        }

        var text = turn.Text;
        if (!await EventAsync("response.output_text.done", w =>
            {
                WritePosition(w, draft);
                w.WriteString("text", text);
                w.WriteStartArray("logprobs");
                w.WriteEndArray();
            })
            || !await EventAsync("response.content_part.done", w =>
            {
                WritePosition(w, draft);
                Write(w, "part", ResponseJson.TextPart(text));
            })
            || !await EventAsync("response.output_item.done", w =>
            {
                w.WriteNumber("output_index", 0);
                Write(w, "item", ResponseJson.Message(draft, text));
            }))
        {
            return;
        }

        // Saved before the last event, so a client that continues right after response.completed finds it.
        var final = Save(turn, now, null);
        if (!await EventAsync(draft.Length.LimitedByMaximum ? "response.incomplete" : "response.completed", w => Write(w, "response", final)))
        {
            return;
        }

        gate.Served(call, deployment, draft.InputTokens, draft.Length.Tokens);
    }

    /// <summary><c>store</c> defaults to true, as on the services.</summary>
    private static bool TryGetStore(JsonElement root, out bool store, out RequestProblem? problem)
    {
        var given = root.TryGetProperty("store", out var element) && element.ValueKind != JsonValueKind.Null;
        var ok = RequestFields.TryGetBool(root, "store", out store, out problem);
        store = !given || store;
        return ok;
    }

    private static void WritePosition(Utf8JsonWriter w, ResponseDraft draft)
    {
        w.WriteString("item_id", draft.MessageId);
        w.WriteNumber("output_index", 0);
        w.WriteNumber("content_index", 0);
    }

    private sealed record Turn(ResponseDraft Draft, string Deployment, List<JsonObject> InputItems, int TurnTokens, string Text);
}
