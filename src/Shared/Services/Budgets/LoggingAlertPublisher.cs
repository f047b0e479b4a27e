// MERGE: remove. A stand-in until the alerts work (webhook, e-mail) provides the real IAlertPublisher: it only logs.
using AiGateway.Shared.Services.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace AiGateway.Shared.Services.Budgets;

/// <summary>Logs each alert notice (its title and dedupe key, not its facts); registered only when no real publisher is.</summary>
internal sealed partial class LoggingAlertPublisher(ILogger<LoggingAlertPublisher> logger) : IAlertPublisher
{
    public static void TryRegister(IServiceCollection services) => services.TryAddSingleton<IAlertPublisher, LoggingAlertPublisher>();

    public void Publish(AlertNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        Log.Published(logger, notice.Kind, notice.Title, notice.DedupeKey);
    }

    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Warning, "Alert {Kind}: {Title} ({DedupeKey})")]
        public static partial void Published(ILogger logger, AlertKind kind, string title, string? dedupeKey);
    }
}
