using System.Diagnostics;
using System.Net;
using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Errors;
using AiGateway.Gateway.Forwarding;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Forwarder;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>
/// Sends a stateful call to one backend through YARP's forwarder, once: the backend that owns the object, or the one
/// chosen to create it. Its answer reaches the client as it is (a 429 with its retry-after included); when the
/// backend's circuit is open or it cannot be reached, the client gets 503 <c>owner_unavailable</c> with a retry-after,
/// never another backend, which would not know the object.
/// </summary>
public sealed partial class StatefulForwarder : IDisposable
{
    private readonly IHttpForwarder _forwarder;
    private readonly SelfAddress _self;
    private readonly BackendTokenCache _tokens;
    private readonly BackendHealthTracker _health;
    private readonly IOptionsMonitor<GatewayOptions> _options;
    private readonly TimeProvider _clock;
    private readonly HttpMessageInvoker _client;
    private readonly ILogger<StatefulForwarder> _logger;

    public StatefulForwarder(
        IHttpForwarder forwarder, SelfAddress self, BackendTokenCache tokens, BackendHealthTracker health, IOptionsMonitor<GatewayOptions> options, TimeProvider clock, ILogger<StatefulForwarder> logger)
    {
        _logger = logger;
        _forwarder = forwarder;
        _self = self;
        _tokens = tokens;
        _health = health;
        _options = options;
        _clock = clock;
        // As YARP recommends for direct forwarding: no proxy, redirects, decompression or cookies of its own.
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            EnableMultipleHttp2Connections = true,
            ActivityHeadersPropagator = new ReverseProxyPropagator(DistributedContextPropagator.Current),
            ConnectTimeout = TimeSpan.FromSeconds(15),
        });
    }

    /// <summary>The client the list step also uses to ask each backend.</summary>
    internal HttpMessageInvoker Client => _client;

    public string BaseOf(BackendEntry backend)
    {
        ArgumentNullException.ThrowIfNull(backend);
        return _self.Resolve(backend.BaseUrl);
    }

    /// <summary>Forwards the call; the result says what came back (or null when the gateway answered 503 itself).</summary>
    public async Task<StatefulAnswer?> SendAsync(
        HttpContext context, BackendEntry backend, Guid deploymentId, StatefulOperation operation, ReadOnlyMemory<byte>? body)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(operation);
        if (_health.CircuitOpenUntil(backend.Id) is { } openUntil || !_health.TryEnter(backend.Id))
        {
            var wait = (_health.CircuitOpenUntil(backend.Id) ?? _clock.GetUtcNow() + StatefulErrors.DefaultOwnerRetry) - _clock.GetUtcNow();
            await GatewayErrorWriter.WriteAsync(context, StatefulErrors.OwnerUnavailable(wait > TimeSpan.Zero ? wait : StatefulErrors.DefaultOwnerRetry));
            return null;
        }

        var baseUrl = BaseOf(backend);
        var surface = context.Gateway().Surface;
        var url = StatefulBackendUrl.Build(baseUrl, backend, surface, operation.Path, context.Request.Query);
        if (body is { } read)
        {
            // The gateway read a small JSON body to learn what it names; YARP sends it on from memory.
            context.Request.Body = new ReadOnlyMemoryStream(read);
            context.Request.ContentLength = read.Length;
        }

        var transformer = new StatefulTransformer(url, baseUrl, backend, _tokens, operation.ReadsAnswer);
        var config = new ForwarderRequestConfig { ActivityTimeout = TimeSpan.FromSeconds(_options.CurrentValue.BackendTimeoutSeconds) };
        var error = await _forwarder.SendAsync(context, baseUrl, _client, config, transformer);
        if (error is ForwarderError.RequestBodyClient or ForwarderError.RequestBodyCanceled or ForwarderError.RequestCanceled && !context.Response.HasStarted)
        {
            // The client's body failed or the client left, not the backend: nothing is held against the owner.
            _health.ReleaseProbe(backend.Id);
            if (!context.RequestAborted.IsCancellationRequested)
            {
                context.Features.Set<IForwarderErrorFeature>(null);
                context.Response.Clear();
                await GatewayErrorWriter.WriteAsync(context, ClientBodyError(context));
            }

            return null;
        }

        if (error != ForwarderError.None && !context.Response.HasStarted)
        {
            Log.Unreachable(_logger, context.Gateway().RequestId, backend.Name, error, context.Features.Get<IForwarderErrorFeature>()?.Exception);
            var until = _health.ReportFailure(backend.Id);
            if (context.RequestAborted.IsCancellationRequested)
            {
                return null;
            }

            context.Features.Set<IForwarderErrorFeature>(null);
            context.Response.Clear();
            var wait = until is { } u && u > _clock.GetUtcNow() ? u - _clock.GetUtcNow() : StatefulErrors.DefaultOwnerRetry;
            await GatewayErrorWriter.WriteAsync(context, StatefulErrors.OwnerUnavailable(wait));
            return null;
        }

        var status = context.Response.StatusCode;
        if (status == StatusCodes.Status429TooManyRequests)
        {
            _health.ReportThrottled(deploymentId, ReadRetryAfter(context.Response.Headers));
        }
        else if (status >= 500)
        {
            _health.ReportFailure(backend.Id);
        }
        else
        {
            _health.ReportSuccess(backend.Id);
        }

        return new StatefulAnswer(status, transformer.Answer, transformer.OperationLocation);
    }

    public void Dispose() => _client.Dispose();

    /// <summary>A body over Kestrel's limit for the call (a chunked upload past <c>MaxFileBytes</c>) is 413; one that broke off is 400.</summary>
    private static GatewayError ClientBodyError(HttpContext context) =>
        context.Features.Get<IForwarderErrorFeature>()?.Exception is BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge }
            ? StatefulErrors.TooLarge(context.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize ?? 0)
            : GatewayError.InvalidRequest("The request body ended before it was complete.", null, "incomplete_body");

    private static TimeSpan? ReadRetryAfter(IHeaderDictionary headers) =>
        double.TryParse(headers["retry-after-ms"], System.Globalization.CultureInfo.InvariantCulture, out var ms) && ms > 0
            ? TimeSpan.FromMilliseconds(ms)
            : double.TryParse(headers.RetryAfter, System.Globalization.CultureInfo.InvariantCulture, out var s) && s > 0 ? TimeSpan.FromSeconds(s) : null;

    private static partial class Log
    {
        [LoggerMessage(920, LogLevel.Warning, "Request {RequestId}: the owner {Backend} of a stored object could not be reached ({Error})")]
        public static partial void Unreachable(ILogger logger, string requestId, string backend, ForwarderError error, Exception? exception);
    }
}
