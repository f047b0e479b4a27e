using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Shared.Services.Alerts;

/// <summary>
/// The alert publisher every caller gets: a bounded in-memory queue that <see cref="AlertEventWriter"/> stores.
/// Publishing is a non-blocking write; when the queue is full the notice is dropped, counted and logged, because a
/// slow database must never slow the request path that raised it.
/// </summary>
public sealed partial class QueuedAlertPublisher : IAlertPublisher
{
    private readonly Channel<AlertNotice> _queue;
    private readonly ILogger<QueuedAlertPublisher> _logger;
    private long _dropped;

    public QueuedAlertPublisher(IOptions<AlertsOptions> options, ILogger<QueuedAlertPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _logger = logger;
        _queue = Channel.CreateBounded<AlertNotice>(new BoundedChannelOptions(Math.Max(1, options.Value.QueueCapacity))
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>Notices dropped because the queue was full, since start.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public ChannelReader<AlertNotice> Reader => _queue.Reader;

    public void Publish(AlertNotice notice)
    {
        if (notice is null || _queue.Writer.TryWrite(notice))
        {
            return;
        }

        var dropped = Interlocked.Increment(ref _dropped);
        Log.QueueFull(_logger, notice.Kind, dropped);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Alert queue full: dropped a {Kind} notice ({Dropped} dropped since start); the database is not keeping up")]
        public static partial void QueueFull(ILogger logger, AlertKind kind, long dropped);
    }
}
