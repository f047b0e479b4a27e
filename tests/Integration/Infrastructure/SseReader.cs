using System.Net.Http.Json;

namespace AiGateway.Integration.Infrastructure;

/// <summary>Reads a gateway stream one <c>data:</c> payload at a time, as an SDK would, with a bound on every wait.</summary>
public sealed class SseReader : IDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseReader(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Starts a streamed chat request and returns once the response headers are in.</summary>
    /// <param name="headers">Headers to send besides the client's own, e.g. a <c>traceparent</c>.</param>
    public static async Task<SseReader> StartChatAsync(HttpClient client, string alias, int maxTokens, IReadOnlyDictionary<string, string>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions")
        {
            Content = JsonContent.Create(new { model = alias, stream = true, max_tokens = maxTokens, messages = new[] { new { role = "user", content = "Stream" } } }),
        };
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.Add(name, value);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        return new SseReader(response, new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken)));
    }

    /// <summary>The next <c>data:</c> payload, or null at the end of the stream; fails if none arrives within 10 s.</summary>
    public async Task<string?> NextAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (await _reader.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                return line["data: ".Length..];
            }
        }

        return null;
    }

    /// <summary>
    /// Reads to the end while moving <paramref name="backendClock"/> on each time the backend waits between chunks.
    /// </summary>
    public async Task<List<string>> ReadToEndAsync(TimerReportingClock backendClock, TimeSpan step)
    {
        var rest = new List<string>();
        var reading = Task.Run(async () =>
        {
            while (await NextAsync() is { } data)
            {
                rest.Add(data);
            }
        });

        using var done = new CancellationTokenSource();
        while (!reading.IsCompleted)
        {
            var timer = backendClock.NextTimerAsync(done.Token);
            if (await Task.WhenAny(timer, reading) == timer)
            {
                await timer;
                backendClock.Advance(step);
            }
        }

        await done.CancelAsync();
        await reading;
        return rest;
    }

    public void Dispose()
    {
        _reader.Dispose();
        _response.Dispose();
    }
}
