namespace AiGateway.Gateway.Authentication;

/// <summary>Whether Entra ID tokens are accepted (an <c>AzureAd</c> section with a ClientId is configured).</summary>
public sealed record GatewayEntraOptions(bool Enabled)
{
    public const string Scheme = "GatewayEntra";
}
