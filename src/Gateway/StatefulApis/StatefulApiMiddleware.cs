using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Errors;
using AiGateway.Gateway.Requests;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>
/// Serves the stateful calls other than <c>POST /responses</c> (files, vector stores, batches, assistants, threads,
/// conversations, stored responses, image jobs), right after authentication: a call that names an object goes to its
/// owner only; a creation goes to a chosen deployment and its new id is recorded as that deployment's; a list answers
/// what the caller owns. Model calls pass on to the rest of the pipeline.
/// </summary>
public sealed class StatefulApiMiddleware(
    RequestDelegate next,
    OwnershipDirectory owners,
    StatefulForwarder forwarder,
    OwnedListAggregator lists,
    BackendSelector selector,
    BackendHealthTracker health,
    StatefulMetering metering,
    BatchOutputMeter batches,
    IOptionsMonitor<StatefulOptions> options,
    IOptionsMonitor<ComplianceOptions> compliance)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Features.Get<StatefulOperation>() is not { } operation)
        {
            await next(context);
            return;
        }

        switch (operation.Action)
        {
            case StatefulAction.List:
                await lists.AnswerAsync(context, operation);
                break;
            case StatefulAction.Use:
                await UseAsync(context, operation);
                break;
            default:
                await CreateAsync(context, operation);
                break;
        }
    }

    private async Task UseAsync(HttpContext context, StatefulOperation operation)
    {
        var gateway = context.Gateway();
        var owner = await owners.FindForAsync(operation.ObjectId!, gateway.Caller, context.RequestAborted);
        if (owner is null)
        {
            await GatewayErrorWriter.WriteAsync(context, StatefulErrors.NotFound(operation.ObjectId!));
            return;
        }

        var found = OwnerTargets.Find(gateway.Snapshot, owner.DeploymentId);
        if (!gateway.Snapshot.Backends.TryGetValue(owner.BackendId, out var backend))
        {
            await GatewayErrorWriter.WriteAsync(context, StatefulErrors.OwnerUnavailable(StatefulErrors.DefaultOwnerRetry));
            return;
        }

        if (!RegionLimit.Allows(gateway.Caller.Team.AllowedRegions, backend))
        {
            await GatewayErrorWriter.WriteAsync(context, StatefulErrors.OwnerOutsideRegions);
            return;
        }

        AllowBody(context, options.CurrentValue.MaxFileBytes);
        var answer = await forwarder.SendAsync(context, backend, owner.DeploymentId, operation, null);
        if (answer is null)
        {
            return;
        }

        metering.RecordCall(gateway, operation, found?.Alias, found?.Target, answer.Status);
        if (answer is { Succeeded: true, Body: { } body })
        {
            var facts = AnswerFacts.Read(body);
            await RecordRelatedAsync(facts, owner.DeploymentId, owner.BackendId, gateway, context.RequestAborted);
            await metering.BillFinishedAsync(gateway, operation, owner, facts, found?.Alias, found?.Target);
            if (operation.Kind == StoredObjectKind.Batch)
            {
                // The client has its answer first; reading the output to bill it is the gateway's own business.
                // The client may hang up now; the bill is read within its own bound, not the request's.
                await context.Response.CompleteAsync();
                using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
                await batches.MeterAsync(gateway, owner, facts, backend, found?.Alias, found?.Target, bound.Token);
            }
        }
    }

    private async Task CreateAsync(HttpContext context, StatefulOperation operation)
    {
        var gateway = context.Gateway();
        var multipart = context.Request.HasFormContentType;
        ReadOnlyMemory<byte>? body = null;
        var references = RequestReferences.None;
        if (multipart)
        {
            // A file upload streams to the backend; only its size is bounded here.
            var max = options.CurrentValue.MaxFileBytes;
            if (context.Request.ContentLength > max)
            {
                await GatewayErrorWriter.WriteAsync(context, StatefulErrors.TooLarge(max));
                return;
            }

            AllowBody(context, max);
        }
        else
        {
            var limit = compliance.CurrentValue.MaxRequestBodyBytes;
            byte[]? read;
            try
            {
                read = await BoundedBody.ReadAsync(context.Request, limit, context.RequestAborted);
            }
            catch (Exception e) when (e is IOException or BadHttpRequestException && !context.RequestAborted.IsCancellationRequested)
            {
                await GatewayErrorWriter.WriteAsync(context, GatewayError.InvalidRequest("The request body ended before its Content-Length.", null, "incomplete_body"));
                return;
            }

            if (read is null)
            {
                await GatewayErrorWriter.WriteAsync(context, StatefulErrors.TooLarge(limit));
                return;
            }

            body = read;
            references = RequestReferences.Read(read);
        }

        var chosen = await ChooseAsync(context, references);
        if (chosen is not { } target)
        {
            return;
        }

        var answer = await forwarder.SendAsync(context, target.Target.Backend, target.Target.DeploymentId, operation, body);
        if (answer is null)
        {
            return;
        }

        metering.RecordCall(gateway, operation, target.Alias, target.Target, answer.Status);
        if (answer.Succeeded)
        {
            await RecordCreatedAsync(operation, answer, target.Target, gateway, context.RequestAborted);
        }
    }

    /// <summary>
    /// The deployment that creates the object: the owner of what the body names (a batch's input file, a vector
    /// store's files, which only it knows), or a chosen one. Null when the gateway already answered.
    /// </summary>
    private async Task<(AliasEntry Alias, AliasTargetEntry Target)?> ChooseAsync(HttpContext context, RequestReferences references)
    {
        var gateway = context.Gateway();
        var (referenced, notFound) = await owners.FindCommonOwnerAsync(references.ObjectIds, gateway.Caller, context.RequestAborted);
        if (notFound is not null)
        {
            await GatewayErrorWriter.WriteAsync(context, StatefulErrors.NotFound(notFound));
            return null;
        }

        if (referenced is not null)
        {
            if (OwnerTargets.Find(gateway.Snapshot, referenced.DeploymentId) is { } owned)
            {
                if (RegionLimit.Allows(gateway.Caller.Team.AllowedRegions, owned.Target.Backend))
                {
                    return owned;
                }

                await GatewayErrorWriter.WriteAsync(context, StatefulErrors.OwnerOutsideRegions);
                return null;
            }

            await GatewayErrorWriter.WriteAsync(context, StatefulErrors.OwnerUnavailable(StatefulErrors.DefaultOwnerRetry));
            return null;
        }

        var chosen = CreationTargets.Choose(gateway.Snapshot, gateway.Caller, references.Model, options.CurrentValue.DefaultAlias, selector, health);
        if (chosen is null)
        {
            await GatewayErrorWriter.WriteAsync(context, StatefulErrors.NoDeployment);
        }

        return chosen;
    }

    private async Task RecordCreatedAsync(StatefulOperation operation, StatefulAnswer answer, AliasTargetEntry target, GatewayRequestContext gateway, CancellationToken ct)
    {
        var facts = answer.Body is { } body ? AnswerFacts.Read(body) : AnswerFacts.None;
        var id = facts.Id ?? JobIdOf(answer.OperationLocation);
        // A thread created with its run answers with the run, which lives under the thread (recorded from thread_id).
        if (id is not null && operation.Name != "threads.runs.create")
        {
            await owners.RecordAsync(id, operation.Kind, target.DeploymentId, target.Backend.Id, gateway.Caller, ct);
        }

        await RecordRelatedAsync(facts, target.DeploymentId, target.Backend.Id, gateway, ct);
    }

    /// <summary>Objects an answer brought with it (a batch's output files, a run's new thread) belong to the same owner.</summary>
    private async Task RecordRelatedAsync(AnswerFacts facts, Guid deploymentId, Guid backendId, GatewayRequestContext gateway, CancellationToken ct)
    {
        foreach (var (id, kind) in facts.Related)
        {
            if (await owners.FindAsync(id, ct) is null)
            {
                await owners.RecordAsync(id, kind, deploymentId, backendId, gateway.Caller, ct);
            }
        }
    }

    /// <summary>The job id at the end of an <c>operation-location</c>'s path.</summary>
    internal static string? JobIdOf(string? operationLocation) =>
        operationLocation is not null && Uri.TryCreate(operationLocation, UriKind.Absolute, out var uri)
            ? uri.Segments[^1].TrimEnd('/') is { Length: > 0 } id ? Uri.UnescapeDataString(id) : null
            : null;

    private static void AllowBody(HttpContext context, long max)
    {
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = max;
        }
    }
}
