using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Metering;
using AiGateway.Gateway.Streaming;
using AiGateway.Shared.Model;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>
/// Usage records of stateful calls, to the team that owns the object: storage calls (files, vector stores, lists)
/// with zero tokens, and work a backend finished later (a background response, a batch) with its tokens, once,
/// when the gateway first sees it finished.
/// </summary>
public sealed class StatefulMetering(IUsageSink sink, BillingClaims claims, TimeProvider clock)
{
    public void RecordCall(GatewayRequestContext gateway, StatefulOperation operation, AliasEntry? alias, AliasTargetEntry? target, int status) =>
        Write(gateway, operation.Name, gateway.Caller.Team.Id, gateway.Caller.Key?.Id, alias, target, status, null);

    /// <summary>Bills finished work the owner reports in <paramref name="facts"/>, when no replica billed it before.</summary>
    public async ValueTask BillFinishedAsync(GatewayRequestContext gateway, StatefulOperation operation, ObjectOwner owner, AnswerFacts facts, AliasEntry? alias, AliasTargetEntry? target)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(owner);
        ArgumentNullException.ThrowIfNull(facts);
        // A run is billed by its own id; a response or a batch by the owned object's.
        var billed = operation.IsRun ? facts.Id : owner.ObjectId;
        if (!facts.IsFinished || facts.Usage is not { TotalTokens: > 0 } || billed is null || !await claims.TryClaimAsync(billed, owner.ExpiresAt))
        {
            return;
        }

        var name = operation.IsRun ? "threads.runs.completed" : operation.Kind == StoredObjectKind.Batch ? "batches.completed" : "responses.completed";
        Write(gateway, name, owner.TeamId, owner.KeyId, alias, target, 200, facts.Usage);
    }

    /// <summary>Bills work finished later (already claimed by the caller) to the object's owner.</summary>
    public void RecordFinished(GatewayRequestContext gateway, string name, ObjectOwner owner, AliasEntry? alias, AliasTargetEntry? target, TokenUsage usage)
    {
        ArgumentNullException.ThrowIfNull(owner);
        Write(gateway, name, owner.TeamId, owner.KeyId, alias, target, 200, usage);
    }

    /// <summary>Marks a response whose creation was already billed (it answered with its usage), so a later read does not bill it again.</summary>
    public ValueTask<bool> MarkBilledAsync(ObjectOwner owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        return claims.TryClaimAsync(owner.ObjectId, owner.ExpiresAt);
    }

    private void Write(GatewayRequestContext gateway, string name, Guid team, Guid? key, AliasEntry? alias, AliasTargetEntry? target, int status, TokenUsage? usage)
    {
        var counts = new AiGateway.Shared.Services.Pricing.TokenCounts(usage?.PromptTokens ?? 0, usage?.CompletionTokens ?? 0, usage?.CachedTokens ?? 0, usage?.ReasoningTokens ?? 0, 0, 0);
        sink.TryWrite(new UsageRecord
        {
            At = gateway.StartedAt,
            RequestId = gateway.RequestId,
            TeamId = team,
            ApiKeyId = key,
            AliasName = alias?.Name ?? "",
            DeploymentId = target?.DeploymentId,
            BackendId = target?.Backend.Id,
            Operation = name,
            PromptTokens = usage?.PromptTokens ?? 0,
            CompletionTokens = usage?.CompletionTokens ?? 0,
            CachedPromptTokens = usage?.CachedTokens ?? 0,
            ReasoningTokens = usage?.ReasoningTokens ?? 0,
            StatusCode = status,
            LatencyMs = (int)Math.Min(int.MaxValue, clock.GetElapsedTime(gateway.StartTimestamp).TotalMilliseconds),
            Cost = usage is null || target is null ? 0 : target.Pricing.At(gateway.StartedAt, null).CostOf(counts),
        });
    }
}
