using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace AiGateway.Shared.Services.Alerts;

/// <summary>Empties the publisher's queue into the outbox, and wakes the dispatcher for each stored event.</summary>
public sealed partial class AlertEventWriter(
    QueuedAlertPublisher publisher, AlertOutbox outbox, AlertDispatchSignal signal, ILogger<AlertEventWriter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var notice in publisher.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    var stored = await outbox.StoreAsync(notice, stoppingToken);
                    if (stored is null)
                    {
                        Log.Duplicate(logger, notice.Kind);
                    }
                    else if (stored.Deliveries.Count > 0)
                    {
                        signal.Wake();
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Log.StoreFailed(logger, notice.Kind, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Debug, "Skipped a {Kind} alert already raised (same dedupe key)")]
        public static partial void Duplicate(ILogger logger, AlertKind kind);

        [LoggerMessage(2, LogLevel.Error, "Could not store a {Kind} alert; it is lost")]
        public static partial void StoreFailed(ILogger logger, AlertKind kind, Exception exception);
    }
}
