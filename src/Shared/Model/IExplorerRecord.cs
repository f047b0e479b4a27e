namespace AiGateway.Shared.Model;

/// <summary>
/// A stored record of one request's passage that the portal's explorers search: when it happened, whose it was and
/// which alias it called. <see cref="UsageRecord"/> and <see cref="ThrottleEvent"/> are both searched this way.
/// </summary>
public interface IExplorerRecord
{
    long Id { get; }
    DateTimeOffset At { get; }
    Guid TeamId { get; }
    Guid? ApiKeyId { get; }
    string AliasName { get; }
}
