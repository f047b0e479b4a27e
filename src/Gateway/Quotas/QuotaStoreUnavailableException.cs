namespace AiGateway.Gateway.Quotas;

/// <summary>
/// The shared quota store could not be reached, and the gateway is set to refuse requests it cannot count
/// (<c>Quotas:RedisFailureMode</c> = <c>FailClosed</c>): the request path answers 503.
/// </summary>
public sealed class QuotaStoreUnavailableException : Exception
{
    public QuotaStoreUnavailableException()
        : base("The quota store is unavailable.")
    {
    }

    public QuotaStoreUnavailableException(string message)
        : base(message)
    {
    }

    public QuotaStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
