namespace AiGateway.Gateway.Quotas;

/// <summary>What the gateway does while Redis cannot be reached (<c>Quotas:RedisFailureMode</c>).</summary>
public enum QuotaFailureMode
{
    /// <summary>Keep serving, counting in each replica's memory meanwhile: limits hold per replica, not across them.</summary>
    FailOpen,

    /// <summary>Refuse what cannot be counted: requests are answered 503 until Redis is back.</summary>
    FailClosed,
}
