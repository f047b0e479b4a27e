namespace AiGateway.Shared.Model;

/// <summary>What the management API's documentation says about a team's priority class, in one place.</summary>
public static class PriorityClassDocs
{
    public const string NotYetEnforced =
        "Accepted, stored and returned, but not yet enforced: no request is served sooner or shed later because of it. "
        + "Kept for the coming capacity feature; the portal does not offer it until then.";
}
