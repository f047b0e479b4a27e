namespace AiGateway.Gateway.Configuration;

/// <summary>
/// The reloader of a replica that does not serve the gateway (<c>Host:Roles</c> without <c>Gateway</c>): there is no
/// local snapshot to refresh, and the gateway replicas pick the change up at their next poll.
/// </summary>
public sealed class NoLocalGatewayReloader : IGatewayReloader
{
    public Task ReloadNowAsync(CancellationToken ct = default) => Task.CompletedTask;
}
