namespace AiGateway.Shared.Model;

/// <summary>What the management API's documentation says about a priority class, in one place.</summary>
public static class PriorityClassDocs
{
    public const string Summary =
        "Which traffic gets capacity first when it is short: High may use the share an alias reserves for it; Normal and "
        + "Low only the rest; Low waits in the alias's queue rather than being refused at once. A request may lower its "
        + "class with the x-gateway-priority header, never raise it.";

    public const string KeyOverride = "The key's own priority class (High, Normal or Low), overriding its team's; null for the team's.";
}
