namespace AiGateway.Shared.Model;

public enum BackendCredentialKind
{
    /// <summary>A backend key, stored encrypted with ASP.NET Core Data Protection.</summary>
    ApiKey = 0,

    /// <summary>An Entra ID token for the gateway's managed identity (or workload identity).</summary>
    ManagedIdentity = 1,

    /// <summary>No credential (a local OpenAI-compatible server).</summary>
    None = 2,
}
