using AiGateway.Gateway.Authentication;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>Who owns a stored object: the deployment (and its backend) that created it, and the team and key that asked.</summary>
public sealed record ObjectOwner(
    string ObjectId,
    StoredObjectKind Kind,
    Guid DeploymentId,
    Guid BackendId,
    Guid TeamId,
    Guid? KeyId,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt)
{
    /// <summary>
    /// Whether <paramref name="caller"/> may use the object: its team created it, and with <paramref name="byKey"/> its
    /// key did too. Another team's object is answered exactly like an unknown one, so ids leak nothing.
    /// </summary>
    public bool BelongsTo(GatewayCaller caller, bool byKey)
    {
        ArgumentNullException.ThrowIfNull(caller);
        return caller.Team.Id == TeamId && (!byKey || caller.Key?.Id == KeyId);
    }
}
