using System.Text;

// A minimal OpenAI-compatible backend: every request gets the same chat completion (with its usage, which the
// gateway meters), as an Azure deployment answers it. No tokenizer, no limits, no latency: the floor.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var app = builder.Build();

var completion = Encoding.UTF8.GetBytes(
    """{"choices":[{"content_filter_results":{"hate":{"filtered":false,"severity":"safe"},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}},"finish_reason":"length","index":0,"logprobs":null,"message":{"annotations":[],"content":"The quick brown fox jumps over the lazy dog. The gateway sends every request to a healthy backend. Each answer streams back one token at a time. This text comes from a simulated model and means nothing. Tests can count these words and trust the usage figures. A busy region may ask the client to retry after a short","refusal":null,"role":"assistant"}}],"created":1795626690,"id":"chatcmpl-SwbhAFPWwK12s0NPprplOThy6qY4O","model":"gpt-4o-mini","object":"chat.completion","prompt_filter_results":[{"prompt_index":0,"content_filter_results":{"hate":{"filtered":false,"severity":"safe"},"jailbreak":{"filtered":false,"detected":false},"self_harm":{"filtered":false,"severity":"safe"},"sexual":{"filtered":false,"severity":"safe"},"violence":{"filtered":false,"severity":"safe"}}}],"system_fingerprint":"fp_70c0fca938","usage":{"completion_tokens":64,"completion_tokens_details":{"accepted_prediction_tokens":0,"audio_tokens":0,"reasoning_tokens":0,"rejected_prediction_tokens":0},"prompt_tokens":251,"prompt_tokens_details":{"audio_tokens":0,"cached_tokens":0},"total_tokens":315}}""");

app.Run(async context =>
{
    // Drain the request as a real backend would, then answer.
    await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
    context.Response.StatusCode = StatusCodes.Status200OK;
    context.Response.ContentType = "application/json";
    context.Response.ContentLength = completion.Length;
    context.Response.Headers["x-ms-region"] = "swedencentral";
    await context.Response.Body.WriteAsync(completion, context.RequestAborted);
});

app.Run();
