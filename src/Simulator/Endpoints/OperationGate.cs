using System.Globalization;
using System.Text.Json;
using AiGateway.Simulator.Faults;
using AiGateway.Simulator.Limits;
using AiGateway.Simulator.State;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AiGateway.Simulator.Endpoints;

/// <summary>
/// The steps every model request takes before it is answered, in the services' order: parse the body, find
/// the deployment, then (after the operation has validated its own fields) throttle storm, rate limits,
/// injected faults and the delay to the first byte. Each step that refuses writes the answer itself.
/// </summary>
internal sealed class OperationGate(SimulatorState state, TimeProvider time, ILogger<OperationGate> logger)
{
    public TimeProvider Time => time;

    public GlobalSettings Global => state.Global;

    /// <summary>Reads the JSON body; null (with a 400 written) when it is not a JSON object.</summary>
    public async Task<JsonDocument?> ReadBodyAsync(HttpContext context, SimulatorCall call, string routeKind)
    {
        // Azure answers a classic-route call without api-version as an unknown resource.
        if (routeKind == Routes.Classic && !context.Request.Query.ContainsKey("api-version"))
        {
            await OpenAIErrors.WriteAzureAsync(context, StatusCodes.Status404NotFound, "404", "Resource not found");
            return null;
        }

        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(context.Request.Body, default, context.RequestAborted);
        }
        catch (JsonException exception)
        {
            logger.BadRequest(call.RequestId, "malformed JSON");
            await OpenAIErrors.WriteInvalidRequestAsync(context,
                $"{OpenAIErrors.MalformedJsonMessage} Parser error at line {exception.LineNumber + 1}, byte {exception.BytePositionInLine + 1}.)",
                null, null);
            return null;
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            logger.BadRequest(call.RequestId, "body is not a JSON object");
            await OpenAIErrors.WriteInvalidRequestAsync(context, "Invalid type for body: expected a JSON object.", null, "invalid_type");
            return null;
        }

        return document;
    }

    /// <summary>
    /// Finds the deployment named in the path (classic route) or in <c>model</c> (v1 routes), and stamps the
    /// headers that every answer about a known deployment carries.
    /// </summary>
    public async Task<DeploymentRuntime?> ResolveAsync(HttpContext context, SimulatorCall call, string? routeDeployment, JsonElement body, Operation operation)
    {
        var name = routeDeployment;
        if (name is null)
        {
            if (!body.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String || model.GetString() is not { Length: > 0 } named)
            {
                await ProblemAsync(context, call, RequestFields.Missing("model") with
                {
                    Message = "you must provide a model parameter",
                });
                return null;
            }

            name = named;
        }

        var deployment = state.Find(name);
        if (deployment is null)
        {
            logger.DeploymentNotFound(call.RequestId, name);
            await OpenAIErrors.WriteDeploymentNotFoundAsync(context, name, call.Azure);
            return null;
        }

        Stamp(context, call, deployment);
        var settings = deployment.Settings;

        if (!settings.Serves(operation))
        {
            await OpenAIErrors.WriteAsync(context, StatusCodes.Status400BadRequest,
                $"The {OperationWord(operation)} operation does not work with the specified model, {settings.Model}. Please choose different model and try again. " +
                "You can learn more about which models can be used with each operation here: https://go.microsoft.com/fwlink/?linkid=2197993.",
                "invalid_request_error", null, "OperationNotSupported");
            return null;
        }

        return deployment;
    }

    /// <summary>Marks the call as one for <paramref name="deployment"/> and adds the headers every such answer carries.</summary>
    public static void Stamp(HttpContext context, SimulatorCall call, DeploymentRuntime deployment)
    {
        call.Deployment = deployment;
        var settings = deployment.Settings;
        context.Response.Headers["x-ms-region"] = settings.Region;
        WriteRateHeaders(context, deployment.Limiter.Peek(settings.TokensPerMinute, settings.RequestsPerMinute));
    }

    public async Task ProblemAsync(HttpContext context, SimulatorCall call, RequestProblem problem)
    {
        logger.BadRequest(call.RequestId, problem.Param ?? problem.Message);
        await OpenAIErrors.WriteInvalidRequestAsync(context, problem.Message, problem.Param, problem.Code);
    }

    /// <summary>
    /// Admission: a throttle storm, then the rate windows (charging <paramref name="cost"/>), then the random
    /// faults, then the wait before the first byte. True when the caller should now answer.
    /// </summary>
    public Task<bool> AdmitAsync(HttpContext context, SimulatorCall call, DeploymentRuntime deployment, DeploymentSettings settings, Operation operation, long cost) =>
        AdmitAsync(context, call, deployment, settings, OperationName(operation), cost);

    /// <summary>
    /// Admission for an operation known by its Azure name (<c>Files_Create</c>...), as <see cref="AdmitAsync(HttpContext, SimulatorCall, DeploymentRuntime, DeploymentSettings, Operation, long)"/>.
    /// </summary>
    public async Task<bool> AdmitAsync(HttpContext context, SimulatorCall call, DeploymentRuntime deployment, DeploymentSettings settings, string operationName, long cost)
    {
        var faults = settings.Faults;
        var now = time.GetUtcNow();
        if (faults.ThrottleStormUntil is { } stormUntil && stormUntil > now)
        {
            var retry = faults.ThrottleRetryAfterMs > 0 ? TimeSpan.FromMilliseconds(faults.ThrottleRetryAfterMs) : stormUntil - now;
            WriteRateHeaders(context, deployment.Limiter.Peek(settings.TokensPerMinute, settings.RequestsPerMinute));
            await ThrottleAsync(context, call, deployment, operationName, retry, tokenLimit: false, "throttle storm");
            return false;
        }

        var decision = deployment.Limiter.TryAdmit(settings.TokensPerMinute, settings.RequestsPerMinute, cost);
        WriteRateHeaders(context, decision);
        if (!decision.Admitted)
        {
            await ThrottleAsync(context, call, deployment, operationName, decision.RetryAfter, decision.TokenLimitHit,
                decision.TokenLimitHit ? "tokens per minute" : "requests per minute");
            return false;
        }

        var fault = deployment.Faults.Next(faults);
        if (fault != FaultOutcome.None)
        {
            logger.FaultInjected(call.RequestId, deployment.Name, fault);
            deployment.Stats.RecordFault();
            switch (fault)
            {
                case FaultOutcome.Hang:
                    deployment.Stats.RecordHung();

                    // No answer at all: the request ends when the client (or the server's shutdown) aborts it.
                    await Task.Delay(Timeout.InfiniteTimeSpan, time, context.RequestAborted);
                    return false;
                case FaultOutcome.ServerError:
                    await OpenAIErrors.WriteServerErrorAsync(context, faults.ErrorStatus, call.RequestId);
                    return false;
                case FaultOutcome.ContentFilter:
                    await OpenAIErrors.WriteContentFilteredAsync(context);
                    return false;
            }
        }

        var firstByte = TimeSpan.FromMilliseconds(faults.SlowFirstByteMs + settings.Latency.TimeToFirstTokenMs)
            + deployment.Faults.Jitter(settings.Latency.JitterMs);
        if (firstByte > TimeSpan.Zero)
        {
            await Task.Delay(firstByte, time, context.RequestAborted);
        }

        return true;
    }

    /// <summary>The generation time of a non-streamed answer: every token's share, in one wait.</summary>
    public Task GenerationDelayAsync(HttpContext context, DeploymentSettings settings, int tokens)
    {
        var wait = TimeSpan.FromMilliseconds(settings.Latency.PerTokenMs * tokens);
        return wait > TimeSpan.Zero ? Task.Delay(wait, time, context.RequestAborted) : Task.CompletedTask;
    }

    public void Served(SimulatorCall call, DeploymentRuntime deployment, int promptTokens, int completionTokens)
    {
        deployment.Stats.RecordTokens(promptTokens, completionTokens);
        logger.Served(call.RequestId, deployment.Name, promptTokens, completionTokens);
    }

    public void StreamCut(SimulatorCall call, DeploymentRuntime deployment, int frames)
    {
        deployment.Stats.RecordStreamCut();
        logger.StreamCut(call.RequestId, deployment.Name, frames);
    }

    private async Task ThrottleAsync(HttpContext context, SimulatorCall call, DeploymentRuntime deployment, string operationName, TimeSpan retryAfter, bool tokenLimit, string reason)
    {
        // Both headers describe the same moment: seconds are the milliseconds rounded up.
        var milliseconds = Math.Max(1, (long)Math.Ceiling(retryAfter.TotalMilliseconds));
        var seconds = (int)Math.Max(1, (milliseconds + 999) / 1000);
        context.Response.Headers["retry-after"] = seconds.ToString(CultureInfo.InvariantCulture);
        context.Response.Headers["retry-after-ms"] = milliseconds.ToString(CultureInfo.InvariantCulture);
        deployment.Stats.RecordThrottled();
        logger.Throttled(call.RequestId, deployment.Name, reason, milliseconds);
        await OpenAIErrors.WriteThrottledAsync(context, operationName, tokenLimit, seconds);
    }

    private static void WriteRateHeaders(HttpContext context, RateDecision decision)
    {
        var headers = context.Response.Headers;
        headers["x-ratelimit-remaining-requests"] = decision.RemainingRequests.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-remaining-tokens"] = decision.RemainingTokens.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-limit-requests"] = decision.LimitRequests.ToString(CultureInfo.InvariantCulture);
        headers["x-ratelimit-limit-tokens"] = decision.LimitTokens.ToString(CultureInfo.InvariantCulture);
    }

    private static string OperationName(Operation operation) => operation switch
    {
        Operation.ChatCompletions => "ChatCompletions_Create",
        Operation.Completions => "Completions_Create",
        Operation.Embeddings => "Embeddings_Create",
        _ => "Responses_Create",
    };

    private static string OperationWord(Operation operation) => operation switch
    {
        Operation.ChatCompletions => "chatCompletion",
        Operation.Completions => "completion",
        Operation.Embeddings => "embeddings",
        _ => "responses",
    };
}
