namespace AiGateway.Gateway.Capacity;

/// <summary>
/// What one admitted request took of one deployment's minute: one request and its estimated tokens (prompt plus the
/// most it may generate). Settled once the request is over: a served request keeps its whole charge, as Azure OpenAI
/// counts the estimate against a deployment's TPM and refunds nothing; one that no backend served gives it all back.
/// </summary>
public sealed class CapacityCharge(DeploymentCapacity deployment, long minute, long tokens)
{
    private int _settled;

    public Guid DeploymentId => deployment.DeploymentId;
    public long Minute { get; } = minute;
    public long Tokens { get; } = tokens;

    /// <summary>Ends the charge: kept when the request was <paramref name="served"/>, else given back.</summary>
    /// <returns>Whether capacity freed up (so waiting requests should look again).</returns>
    public bool Settle(bool served)
    {
        if (Interlocked.Exchange(ref _settled, 1) != 0 || served)
        {
            return false;
        }

        deployment.GiveBack(Minute, Tokens, request: true);
        return true;
    }
}
