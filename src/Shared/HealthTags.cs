namespace AiGateway.Shared;

/// <summary>Tags that sort health checks into the liveness and readiness endpoints.</summary>
public static class HealthTags
{
    /// <summary>Checks that must pass before the process takes traffic (<c>/readyz</c>).</summary>
    public const string Ready = "ready";
}
