namespace AiGateway.Shared.Services.Pricing;

/// <summary>Where a price version stands at a given time.</summary>
public enum PriceVersionState
{
    /// <summary>Takes effect later: it may still be removed.</summary>
    Scheduled,

    /// <summary>The version its tier is priced at now.</summary>
    InForce,

    /// <summary>Was in force, and was followed by a later version: it still prices the usage of its time.</summary>
    Superseded,
}
