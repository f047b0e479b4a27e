namespace AiGateway.Shared.Model;

/// <summary>
/// Which traffic gets a deployment's capacity first when it is short: High may use the share an alias reserves for it,
/// Normal and Low only the rest, and Low (Normal too where the alias allows) waits in a queue rather than being refused
/// at once. Set per team, overridden per key, and lowered (never raised) per request by the <c>x-gateway-priority</c> header.
/// </summary>
public enum PriorityClass
{
    Low = 0,
    Normal = 1,
    High = 2,
}
