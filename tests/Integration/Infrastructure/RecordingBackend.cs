using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiGateway.Integration.Infrastructure;

/// <summary>
/// A backend that records exactly what the gateway sent it (path, query, headers, body) and answers with a fixed
/// chat completion, or with whatever a test scripts, so a test can check what crosses the wire, credentials above all.
/// </summary>
public sealed class RecordingBackend : IAsyncDisposable
{
    private const string Answer =
        """{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant","content":"hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""";

    public const string ApimRequestId = "8c1f2a4e-0000-4000-8000-backendreqid";

    private readonly WebApplication _app;

    private RecordingBackend(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }
    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <param name="answer">Writes the answer to each request once it has been recorded; by default the fixed completion.</param>
    public static async Task<RecordingBackend> StartAsync(Func<HttpContext, Task>? answer = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        RecordingBackend? self = null;
        app.MapPost("/{**path}", async (HttpContext context) =>
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            self!.Requests.Enqueue(new RecordedRequest(
                context.Request.Path.Value ?? "",
                context.Request.QueryString.Value ?? "",
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                body));
            if (answer is not null)
            {
                await answer(context);
                return;
            }

            var headers = context.Response.Headers;
            headers["x-ratelimit-remaining-tokens"] = "12345";
            // What Azure OpenAI and OpenAI say about themselves, for tests of what the gateway passes on.
            headers.Server = "backend-server/1.0";
            headers["x-powered-by"] = "backend-framework";
            headers["openai-organization"] = "org-backend-account";
            headers["openai-project"] = "proj-backend";
            headers["x-ms-region"] = "West Europe";
            headers["x-ms-deployment-name"] = "gpt-4o-mini-prod";
            headers["azureml-model-session"] = "d001-20250101";
            headers["apim-request-id"] = ApimRequestId;
            headers["openai-processing-ms"] = "12";
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(Answer, context.RequestAborted);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        self = new RecordingBackend(app, new Uri(address.TrimEnd('/')));
        return self;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
