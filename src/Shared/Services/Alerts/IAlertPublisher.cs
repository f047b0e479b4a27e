namespace AiGateway.Shared.Services.Alerts;

/// <summary>
/// Raises alerts. Publishing never blocks and never throws: notices are queued in memory and stored, then delivered
/// to the matching channels, off the caller's path (the gateway's request path calls this).
/// </summary>
public interface IAlertPublisher
{
    void Publish(AlertNotice notice);
}
