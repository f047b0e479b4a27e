using System.Text.Json;
using AiGateway.Simulator.Generation;
using AiGateway.Simulator.State;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AiGateway.Simulator.Endpoints;

/// <summary>
/// <c>chat/completions</c>, streamed or not, in Azure's shape on <c>/openai/...</c> routes (filter results,
/// a first frame with only <c>prompt_filter_results</c>) and OpenAI's on <c>/v1/...</c>.
/// </summary>
internal sealed class ChatCompletionsEndpoint(OperationGate gate, TokenCounter counter, FillerText filler)
{
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
        var deployment = await gate.ResolveAsync(context, call, routeDeployment, root, Operation.ChatCompletions);
        if (deployment is null)
        {
            return;
        }

        if (!TryRead(root, gate.Global.DefaultCompletionTokens, out var request, out var problem))
        {
            await gate.ProblemAsync(context, call, problem!);
            return;
        }

        var settings = deployment.Settings;
        var promptTokens = counter.CountChat(request.Messages, root.TryGetProperty("tools", out var tools) ? tools : default);
        if (!await gate.AdmitAsync(context, call, deployment, settings, Operation.ChatCompletions, promptTokens + (long)request.Length.Tokens * request.N))
        {
            return;
        }

        var completionTokens = request.Length.Tokens * request.N;
        var answer = new Answer(Ids.New("chatcmpl-"), gate.Time.GetUtcNow().ToUnixTimeSeconds(), settings, azure, request, promptTokens);
        if (request.Stream)
        {
            await StreamAsync(context, call, deployment, answer);
        }
        else
        {
            await gate.GenerationDelayAsync(context, settings, request.Length.Tokens);
            await WriteAsync(context, answer);
            gate.Served(call, deployment, promptTokens, completionTokens);
        }
    }

    private static bool TryRead(JsonElement root, int defaultTokens, out ChatRequest request, out RequestProblem? problem)
    {
        request = default;
        if (!root.TryGetProperty("messages", out var messages) || messages.ValueKind == JsonValueKind.Null)
        {
            problem = RequestFields.Missing("messages");
            return false;
        }

        if (messages.ValueKind != JsonValueKind.Array || messages.GetArrayLength() == 0)
        {
            problem = new RequestProblem("Invalid 'messages': expected a non-empty array of messages.", "messages", "invalid_value");
            return false;
        }

        var index = 0;
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("role", out var role) || role.ValueKind != JsonValueKind.String)
            {
                problem = new RequestProblem($"Missing required parameter: 'messages[{index}].role'.", $"messages[{index}].role", "missing_required_parameter");
                return false;
            }

            index++;
        }

        if (!RequestFields.TryGetInt(root, "max_completion_tokens", 1, 1_000_000, out var maxCompletion, out problem)
            || !RequestFields.TryGetInt(root, "max_tokens", 1, 1_000_000, out var maxTokens, out problem)
            || !RequestFields.TryGetInt(root, "n", 1, 128, out var n, out problem)
            || !RequestFields.TryGetBool(root, "stream", out var stream, out problem)
            || !RequestFields.TryGetIncludeUsage(root, stream, out var includeUsage, out problem))
        {
            return false;
        }

        // The tier asked for is the tier answered in: the simulator has capacity in every tier.
        var serviceTier = root.TryGetProperty("service_tier", out var tier) && tier.ValueKind == JsonValueKind.String && tier.GetString() is { Length: > 0 and <= 32 } named
            ? named
            : null;
        request = new ChatRequest(messages, CompletionLength.From(maxCompletion ?? maxTokens, defaultTokens), n ?? 1, stream, includeUsage, serviceTier);
        return true;
    }

    private async Task WriteAsync(HttpContext context, Answer answer)
    {
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = Json.ContentType;
        var w = Json.CreateWriter(context);
        w.WriteStartObject();
        w.WriteStartArray("choices");
        for (var i = 0; i < answer.Request.N; i++)
        {
            w.WriteStartObject();
            if (answer.Azure)
            {
                ContentFilterJson.WriteChoiceResults(w);
            }

            w.WriteString("finish_reason", answer.Request.Length.FinishReason);
            w.WriteNumber("index", i);
            w.WriteNull("logprobs");
            w.WriteStartObject("message");
            w.WriteStartArray("annotations");
            w.WriteEndArray();
            w.WriteString("content", filler.Text(i, answer.Request.Length.Tokens));
            w.WriteNull("refusal");
            w.WriteString("role", "assistant");
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        WriteHeader(w, answer, "chat.completion");
        if (answer.Azure)
        {
            ContentFilterJson.WritePromptFilterResults(w);
        }

        w.WriteString("system_fingerprint", answer.Settings.SystemFingerprint);
        WriteUsage(w, answer, answer.Request.Length.Tokens * answer.Request.N);
        w.WriteEndObject();
        await Json.CompleteAsync(context, w);
    }

    private async Task StreamAsync(HttpContext context, SimulatorCall call, DeploymentRuntime deployment, Answer answer)
    {
        var request = answer.Request;
        await using var sse = new SseWriter(context, answer.Settings.Faults.CutStreamAfterChunks);
        if (answer.Azure && !await PromptFilterFrameAsync(sse, request.IncludeUsage))
        {
            gate.StreamCut(call, deployment, sse.Frames);
            return;
        }

        var pacer = new Pacer(gate.Time, answer.Settings.Latency.PerTokenMs, context.RequestAborted);
        for (var token = -1; token <= request.Length.Tokens; token++)
        {
            if (token >= 0 && token < request.Length.Tokens)
            {
                await pacer.NextTokensAsync();
            }

            for (var choice = 0; choice < request.N; choice++)
            {
                // token -1 is the role frame, 0..n-1 the content, n the finish frame.
                var w = sse.BeginFrame();
                w.WriteStartObject();
                w.WriteStartArray("choices");
                w.WriteStartObject();
                if (answer.Azure)
                {
                    if (token >= 0 && token < request.Length.Tokens)
                    {
                        ContentFilterJson.WriteChoiceResults(w);
                    }
                    else
                    {
                        w.WriteStartObject("content_filter_results");
                        w.WriteEndObject();
                    }
                }

                w.WriteStartObject("delta");
                if (token == -1)
                {
                    w.WriteString("content", "");
                    w.WriteNull("refusal");
                    w.WriteString("role", "assistant");
                }
                else if (token < request.Length.Tokens)
                {
                    w.WriteString("content", filler.Piece(choice, token));
                }

                w.WriteEndObject();
                if (token == request.Length.Tokens)
                {
                    w.WriteString("finish_reason", request.Length.FinishReason);
                }
                else
                {
                    w.WriteNull("finish_reason");
                }

                w.WriteNumber("index", choice);
                w.WriteNull("logprobs");
                w.WriteEndObject();
                w.WriteEndArray();
                WriteChunkTail(w, answer);
                if (!await sse.EndFrameAsync())
                {
                    gate.StreamCut(call, deployment, sse.Frames);
                    return;
                }
            }
        }

        var completionTokens = request.Length.Tokens * request.N;
        if (request.IncludeUsage)
        {
            var w = sse.BeginFrame();
            w.WriteStartObject();
            w.WriteStartArray("choices");
            w.WriteEndArray();
            WriteHeader(w, answer, "chat.completion.chunk");
            w.WriteString("system_fingerprint", answer.Settings.SystemFingerprint);
            WriteUsage(w, answer, completionTokens);
            w.WriteEndObject();
            if (!await sse.EndFrameAsync())
            {
                gate.StreamCut(call, deployment, sse.Frames);
                return;
            }
        }

        await sse.WriteDoneAsync();
        gate.Served(call, deployment, answer.PromptTokens, completionTokens);
    }

    /// <summary>Azure's first frame: no id, no model, only the prompt's filter results.</summary>
    private static async Task<bool> PromptFilterFrameAsync(SseWriter sse, bool includeUsage)
    {
        var w = sse.BeginFrame();
        w.WriteStartObject();
        w.WriteStartArray("choices");
        w.WriteEndArray();
        w.WriteNumber("created", 0);
        w.WriteString("id", "");
        w.WriteString("model", "");
        w.WriteString("object", "");
        ContentFilterJson.WritePromptFilterResults(w);
        if (includeUsage)
        {
            w.WriteNull("usage");
        }

        w.WriteEndObject();
        return await sse.EndFrameAsync();
    }

    private static void WriteChunkTail(Utf8JsonWriter w, Answer answer)
    {
        WriteHeader(w, answer, "chat.completion.chunk");
        w.WriteString("system_fingerprint", answer.Settings.SystemFingerprint);
        if (answer.Request.IncludeUsage)
        {
            w.WriteNull("usage");
        }

        w.WriteEndObject();
    }

    private static void WriteHeader(Utf8JsonWriter w, Answer answer, string objectName)
    {
        w.WriteNumber("created", answer.Created);
        w.WriteString("id", answer.Id);
        w.WriteString("model", answer.Settings.ResponseModel);
        w.WriteString("object", objectName);
        if (answer.Request.ServiceTier is { } tier)
        {
            w.WriteString("service_tier", tier);
        }
        else if (!answer.Azure)
        {
            w.WriteString("service_tier", "default");
        }
    }

    /// <summary>The usage object, with the deployment's share of the prompt cached and of the completion spent reasoning.</summary>
    private static void WriteUsage(Utf8JsonWriter w, Answer answer, int completionTokens) =>
        UsageJson.Write(
            w,
            answer.PromptTokens,
            completionTokens,
            details: true,
            answer.Settings.CachedTokensOf(answer.PromptTokens),
            answer.Settings.ReasoningTokensOf(completionTokens));

    private readonly record struct ChatRequest(JsonElement Messages, CompletionLength Length, int N, bool Stream, bool IncludeUsage, string? ServiceTier);

    private sealed record Answer(string Id, long Created, DeploymentSettings Settings, bool Azure, ChatRequest Request, int PromptTokens);
}
