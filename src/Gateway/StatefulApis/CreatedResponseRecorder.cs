using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Requests;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>
/// Records the deployment that answered <c>POST /responses</c> as the owner of the response it created (its id read
/// from the body, or from the stream's <c>response.created</c> event, without buffering), before the client has the
/// end of its answer, so its next turn finds the owner. A response whose answer carried usage was billed by the
/// ordinary metering; it is marked so a later read does not bill it again.
/// </summary>
public sealed class CreatedResponseRecorder(OwnershipDirectory owners, StatefulMetering metering) : IAttemptObserver
{
    public void OnAttemptEnded(GatewayRequestContext gateway, AttemptOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(outcome);
        if (gateway.Operation != GatewayOperation.Responses || outcome.Result != AttemptResult.Succeeded
            || gateway.Attempt is not { } attempt || attempt.Observer.ObjectId is not { } id || !gateway.IsAuthenticated)
        {
            return;
        }

        var target = outcome.Target;
        // The memory layer completes at once; Redis and the database follow without holding up the answer.
        var recording = owners.RecordAsync(id, StoredObjectKind.Response, target.DeploymentId, target.Backend.Id, gateway.Caller, CancellationToken.None);
        if (attempt.Observer.Usage is not null)
        {
            _ = MarkBilledAsync(recording);
        }
        else
        {
            _ = recording.AsTask();
        }
    }

    private async Task MarkBilledAsync(ValueTask<ObjectOwner> recording)
    {
        try
        {
            await metering.MarkBilledAsync(await recording.ConfigureAwait(false)).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // At worst a later read bills a response twice; the answer to the client is not affected.
        }
    }
}
