using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace AiGateway.Shared.Services.Alerts;

/// <summary>Runs <see cref="AlertDispatcher"/> on every replica: at each poll, and at once when a new delivery is stored here.</summary>
public sealed partial class AlertDispatcherService(
    AlertDispatcher dispatcher, AlertDispatchSignal signal, IOptions<AlertsOptions> options, TimeProvider clock, ILogger<AlertDispatcherService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await dispatcher.DispatchDueAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Log.PassFailed(logger, e);
                }

                await signal.WaitAsync(options.Value.PollInterval, clock, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down; pending deliveries wait in the database for the next start or another replica.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "Alert dispatch pass failed; retrying at the next poll")]
        public static partial void PassFailed(ILogger logger, Exception exception);
    }
}
