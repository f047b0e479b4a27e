namespace AiGateway.Gateway.Metering;

/// <summary>Why a request was held back.</summary>
public enum ThrottleLogKind
{
    /// <summary>The gateway refused it: one of the caller's quotas is used up.</summary>
    QuotaRefusal,

    /// <summary>A deployment answered 429; the gateway rested it and tried another (or told the client to wait).</summary>
    BackendThrottle,

    /// <summary>The gateway refused or shed it for want of the alias's capacity in its priority class (Low or Normal).</summary>
    CapacityShed,
}
