namespace AiGateway.Gateway.Routing;

/// <summary>
/// Marks the endpoints that serve model clients, so the host can keep middleware meant for people (cookie sign-in,
/// authorisation policies, antiforgery) off the request path: the gateway authenticates its callers itself.
/// </summary>
public sealed class GatewayEndpoint
{
    public static readonly GatewayEndpoint Instance = new();

    private GatewayEndpoint()
    {
    }
}
