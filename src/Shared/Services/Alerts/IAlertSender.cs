using AiGateway.Shared.Model;

namespace AiGateway.Shared.Services.Alerts;

/// <summary>Sends alerts in one channel kind's format. A send reports failure in its result rather than throwing.</summary>
public interface IAlertSender
{
    AlertChannelKind Kind { get; }

    Task<AlertSendResult> SendAsync(AlertMessage message, AlertDestination destination, CancellationToken ct);
}
