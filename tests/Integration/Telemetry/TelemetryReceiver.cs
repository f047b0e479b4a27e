using System.IO.Compression;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AiGateway.Integration.Telemetry;

/// <summary>
/// A minimal telemetry ingestion endpoint on a loopback port, standing in for an OpenTelemetry Collector (OTLP/HTTP,
/// <c>POST /v1/{traces,metrics,logs}</c>, answered with an empty, valid protobuf message) and for Azure Monitor's
/// ingestion (<c>POST /v2.1/track</c>, gzipped JSON lines, answered with its accepted-items summary). A test waits for
/// an export to one path's last segment (the "signal") that carries some text: protobuf and JSON both keep strings as
/// plain UTF-8, so a metric's or span's name can be found in the bytes without decoding them.
/// </summary>
internal sealed class TelemetryReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly List<(string Signal, byte[] Body)> _received = [];
    private readonly List<(string Signal, byte[] Text, TaskCompletionSource Seen)> _waiters = [];

    private TelemetryReceiver(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>What arrived so far, for a failure's message: each export's signal and size.</summary>
    public string Received
    {
        get
        {
            lock (_gate)
            {
                return string.Join(", ", _received.Select(r => $"{r.Signal} ({r.Body.Length} bytes)"));
            }
        }
    }

    public static async Task<TelemetryReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        TelemetryReceiver? receiver = null;
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            receiver!.Add(signal, await ReadAsync(request));
            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v2.1/{signal}", async (string signal, HttpRequest request) =>
        {
            var body = await ReadAsync(request);
            receiver!.Add(signal, body);
            var items = body.Count(b => b == (byte)'\n') + 1;
            return Results.Json(new { itemsReceived = items, itemsAccepted = items, errors = Array.Empty<object>() });
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        receiver = new TelemetryReceiver(app, new Uri(address.TrimEnd('/')));
        return receiver;
    }

    /// <summary>Completes once an export to <paramref name="signal"/> (<c>traces</c>, <c>metrics</c>, <c>logs</c>, <c>track</c>) carried <paramref name="text"/>; fails after 20 s.</summary>
    public Task WaitForAsync(string signal, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        lock (_gate)
        {
            if (_received.Any(r => r.Signal == signal && r.Body.AsSpan().IndexOf(bytes) >= 0))
            {
                return Task.CompletedTask;
            }

            var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((signal, bytes, seen));
            return WaitAsync(seen.Task, signal, text);
        }
    }

    private async Task WaitAsync(Task seen, string signal, string text)
    {
        try
        {
            await seen.WaitAsync(TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        }
        catch (TimeoutException)
        {
            Assert.Fail($"No {signal} export carried '{text}' within 20 s; received: {Received}");
        }
    }

    /// <summary>Whether any export so far carried <paramref name="text"/>.</summary>
    public bool AnyCarries(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        lock (_gate)
        {
            return _received.Any(r => r.Body.AsSpan().IndexOf(bytes) >= 0);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }

    private static async Task<byte[]> ReadAsync(HttpRequest request)
    {
        var source = request.Headers.ContentEncoding == "gzip" ? new GZipStream(request.Body, CompressionMode.Decompress) : request.Body;
        await using (source)
        {
            using var body = new MemoryStream();
            await source.CopyToAsync(body);
            return body.ToArray();
        }
    }

    private void Add(string signal, byte[] body)
    {
        lock (_gate)
        {
            _received.Add((signal, body));
            foreach (var waiter in _waiters.Where(w => w.Signal == signal && body.AsSpan().IndexOf(w.Text) >= 0).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Seen.TrySetResult();
            }
        }
    }
}
