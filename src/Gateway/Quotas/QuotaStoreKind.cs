namespace AiGateway.Gateway.Quotas;

/// <summary>Where quota counters live (<c>Quotas:Store</c>).</summary>
public enum QuotaStoreKind
{
    /// <summary>In each replica's memory: exact for one replica; with several, each counts only its own requests.</summary>
    InProcess,

    /// <summary>In Redis (<c>ConnectionStrings:Redis</c>), shared by every replica.</summary>
    Redis,
}
