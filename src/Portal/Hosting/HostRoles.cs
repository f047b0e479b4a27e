namespace AiGateway.Portal.Hosting;

/// <summary>
/// What one replica serves (<c>Host:Roles</c>): the gateway (the model API and its background work), the portal (the
/// UI, the management API, sign-in and the cluster's management work), or both, the default. One deployable, so an
/// operator can scale the two separately.
/// </summary>
public sealed record HostRoles(bool Gateway, bool Portal)
{
    public const string SettingName = "Host:Roles";
    public const string GatewayName = "Gateway";
    public const string PortalName = "Portal";

    public static readonly HostRoles Both = new(Gateway: true, Portal: true);

    private static readonly char[] Separators = [',', ';', ' '];

    /// <summary>Reads a list such as <c>Gateway,Portal</c> (any case; unset or empty means both).</summary>
    /// <param name="problem">Why the value is refused, naming the setting and the valid names.</param>
    public static bool TryParse(string? value, out HostRoles roles, out string? problem)
    {
        roles = Both;
        problem = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        bool gateway = false, portal = false;
        foreach (var name in value.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (string.Equals(name, GatewayName, StringComparison.OrdinalIgnoreCase))
            {
                gateway = true;
            }
            else if (string.Equals(name, PortalName, StringComparison.OrdinalIgnoreCase))
            {
                portal = true;
            }
            else
            {
                problem = $"{SettingName} names '{name}', which is not a role: use {GatewayName}, {PortalName}, or both ({GatewayName},{PortalName}, the default).";
                return false;
            }
        }

        if (!gateway && !portal)
        {
            problem = $"{SettingName} is '{value}', which names no role: use {GatewayName}, {PortalName}, or both ({GatewayName},{PortalName}, the default).";
            return false;
        }

        roles = new HostRoles(gateway, portal);
        return true;
    }

    public override string ToString() => (Gateway, Portal) switch
    {
        (true, true) => $"{GatewayName},{PortalName}",
        (true, false) => GatewayName,
        _ => PortalName,
    };
}
