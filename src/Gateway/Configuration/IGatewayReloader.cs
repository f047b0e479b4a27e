namespace AiGateway.Gateway.Configuration;

/// <summary>
/// Asks this replica to load the configuration now instead of at its next poll: after a change whose author will try
/// it at once, such as a newly issued key. Other replicas still see the change within <c>Gateway:ConfigPollSeconds</c>.
/// </summary>
public interface IGatewayReloader
{
    /// <summary>
    /// Completes once this replica serves the database's current configuration, or once the attempt failed (the
    /// failure is recorded as a poll's would be; the change still arrives with a later poll). Never throws for a
    /// database failure.
    /// </summary>
    Task ReloadNowAsync(CancellationToken ct = default);
}
