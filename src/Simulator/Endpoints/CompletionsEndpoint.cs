using System.Text.Json;
using AiGateway.Simulator.Generation;
using AiGateway.Simulator.State;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace AiGateway.Simulator.Endpoints;

/// <summary>The legacy <c>completions</c> operation (prompt in, <c>text</c> out), streamed or not.</summary>
internal sealed class CompletionsEndpoint(OperationGate gate, TokenCounter counter, FillerText filler)
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
        var deployment = await gate.ResolveAsync(context, call, routeDeployment, root, Operation.Completions);
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
        var choices = request.Prompts * request.N;

        // Azure charges best_of candidates, not just the n returned.
        var cost = request.PromptTokens + (long)request.Length.Tokens * request.Prompts * Math.Max(request.N, request.BestOf);
        if (!await gate.AdmitAsync(context, call, deployment, settings, Operation.Completions, cost))
        {
            return;
        }

        var id = Ids.New("cmpl-");
        var created = gate.Time.GetUtcNow().ToUnixTimeSeconds();
        var completionTokens = request.Length.Tokens * choices;
        if (!request.Stream)
        {
            await gate.GenerationDelayAsync(context, settings, request.Length.Tokens);
            context.Response.StatusCode = StatusCodes.Status200OK;
            context.Response.ContentType = Json.ContentType;
            var w = Json.CreateWriter(context);
            w.WriteStartObject();
            w.WriteStartArray("choices");
            for (var i = 0; i < choices; i++)
            {
                WriteChoice(w, azure, i, request.Length.FinishReason, filler.Text(i, request.Length.Tokens), contentFilter: true);
            }

            w.WriteEndArray();
            WriteHeader(w, id, created, settings);
            if (azure)
            {
                ContentFilterJson.WritePromptFilterResults(w);
            }

            UsageJson.Write(w, request.PromptTokens, completionTokens, details: false);
            w.WriteEndObject();
            await Json.CompleteAsync(context, w);
            gate.Served(call, deployment, request.PromptTokens, completionTokens);
            return;
        }

        await using var sse = new SseWriter(context, settings.Faults.CutStreamAfterChunks);
        var pacer = new Pacer(gate.Time, settings.Latency.PerTokenMs, context.RequestAborted);
        for (var token = 0; token <= request.Length.Tokens; token++)
        {
            if (token < request.Length.Tokens)
            {
                await pacer.NextTokensAsync();
            }

            for (var choice = 0; choice < choices; choice++)
            {
                var last = token == request.Length.Tokens;
                var w = sse.BeginFrame();
                w.WriteStartObject();
                w.WriteStartArray("choices");
                WriteChoice(w, azure, choice, last ? request.Length.FinishReason : null, last ? "" : filler.Piece(choice, token), contentFilter: !last);
                w.WriteEndArray();
                WriteHeader(w, id, created, settings);
                if (request.IncludeUsage)
                {
                    w.WriteNull("usage");
                }

                w.WriteEndObject();
                if (!await sse.EndFrameAsync())
                {
                    gate.StreamCut(call, deployment, sse.Frames);
                    return;
                }
            }
        }

        if (request.IncludeUsage)
        {
            var w = sse.BeginFrame();
            w.WriteStartObject();
            w.WriteStartArray("choices");
            w.WriteEndArray();
            WriteHeader(w, id, created, settings);
            UsageJson.Write(w, request.PromptTokens, completionTokens, details: false);
            w.WriteEndObject();
            if (!await sse.EndFrameAsync())
            {
                gate.StreamCut(call, deployment, sse.Frames);
                return;
            }
        }

        await sse.WriteDoneAsync();
        gate.Served(call, deployment, request.PromptTokens, completionTokens);
    }

    private bool TryRead(JsonElement root, int defaultTokens, out CompletionsRequest request, out RequestProblem? problem)
    {
        request = default;
        if (!root.TryGetProperty("prompt", out var prompt) || prompt.ValueKind == JsonValueKind.Null)
        {
            problem = RequestFields.Missing("prompt");
            return false;
        }

        int prompts;
        int promptTokens;
        switch (prompt.ValueKind)
        {
            case JsonValueKind.String:
                prompts = 1;
                promptTokens = counter.Count(prompt.GetString());
                break;
            case JsonValueKind.Array when prompt.GetArrayLength() > 0 && prompt[0].ValueKind == JsonValueKind.Number:
                // One prompt given as token ids.
                prompts = 1;
                promptTokens = prompt.GetArrayLength();
                break;
            case JsonValueKind.Array when prompt.GetArrayLength() > 0:
                prompts = 0;
                promptTokens = 0;
                foreach (var item in prompt.EnumerateArray())
                {
                    prompts++;
                    promptTokens += item.ValueKind switch
                    {
                        JsonValueKind.String => counter.Count(item.GetString()),
                        JsonValueKind.Array => item.GetArrayLength(),
                        _ => -1_000_000_000,
                    };
                }

                if (promptTokens >= 0)
                {
                    break;
                }

                goto default;
            default:
                problem = new RequestProblem("Invalid 'prompt': expected a string, an array of strings or an array of token arrays.", "prompt", "invalid_type");
                return false;
        }

        if (!RequestFields.TryGetInt(root, "max_tokens", 1, 1_000_000, out var maxTokens, out problem)
            || !RequestFields.TryGetInt(root, "n", 1, 128, out var n, out problem)
            || !RequestFields.TryGetInt(root, "best_of", 1, 20, out var bestOf, out problem)
            || !RequestFields.TryGetBool(root, "stream", out var stream, out problem)
            || !RequestFields.TryGetIncludeUsage(root, stream, out var includeUsage, out problem))
        {
            return false;
        }

        if (bestOf is { } best && best < (n ?? 1))
        {
            problem = new RequestProblem("best_of must be greater than or equal to n.", "best_of", "invalid_value");
            return false;
        }

        request = new CompletionsRequest(prompts, promptTokens, CompletionLength.From(maxTokens, defaultTokens), n ?? 1, bestOf ?? 1, stream, includeUsage);
        return true;
    }

    private static void WriteChoice(Utf8JsonWriter w, bool azure, int index, string? finishReason, string text, bool contentFilter)
    {
        w.WriteStartObject();
        if (azure)
        {
            if (contentFilter)
            {
                ContentFilterJson.WriteChoiceResults(w);
            }
            else
            {
                w.WriteStartObject("content_filter_results");
                w.WriteEndObject();
            }
        }

        w.WriteString("finish_reason", finishReason);
        w.WriteNumber("index", index);
        w.WriteNull("logprobs");
        w.WriteString("text", text);
        w.WriteEndObject();
    }

    private static void WriteHeader(Utf8JsonWriter w, string id, long created, DeploymentSettings settings)
    {
        w.WriteNumber("created", created);
        w.WriteString("id", id);
        w.WriteString("model", settings.ResponseModel);
        w.WriteString("object", "text_completion");
    }

    private readonly record struct CompletionsRequest(int Prompts, int PromptTokens, CompletionLength Length, int N, int BestOf, bool Stream, bool IncludeUsage);
}
