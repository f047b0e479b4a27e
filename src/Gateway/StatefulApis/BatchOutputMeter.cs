using System.Text.Json;
using AiGateway.Gateway.Backends;
using AiGateway.Gateway.Configuration;
using AiGateway.Gateway.Context;
using AiGateway.Gateway.Streaming;
using Microsoft.Extensions.Logging;

namespace AiGateway.Gateway.StatefulApis;

/// <summary>
/// Bills a finished batch whose object reports no usage (Azure's and the simulator's do not): the first time the
/// gateway sees it completed, it reads the output file from the owner line by line (never whole in memory) and bills
/// the sum of the lines' <c>response.body.usage</c> to the owning team, once across replicas.
/// </summary>
public sealed partial class BatchOutputMeter(
    StatefulForwarder forwarder, BackendTokenCache tokens, BillingClaims claims, StatefulMetering metering, ILogger<BatchOutputMeter> logger)
{
    public async Task MeterAsync(
        GatewayRequestContext gateway, ObjectOwner batch, AnswerFacts facts, BackendEntry backend, AliasEntry? alias, AliasTargetEntry? target, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(facts);
        ArgumentNullException.ThrowIfNull(backend);
        if (facts.Status != "completed" || facts.Usage is not null || facts.OutputFileId is not { } outputFile
            || !await claims.TryClaimAsync(batch.ObjectId, batch.ExpiresAt))
        {
            return;
        }

        try
        {
            var usage = await SumAsync(backend, outputFile, ct);
            metering.RecordFinished(gateway, "batches.completed", batch, alias, target, usage);
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or IOException or TaskCanceledException)
        {
            Log.OutputUnreadable(logger, gateway.RequestId, batch.ObjectId, e);
        }
    }

    private async Task<TokenUsage> SumAsync(BackendEntry backend, string outputFile, CancellationToken ct)
    {
        var url = StatefulBackendUrl.Build(
            forwarder.BaseOf(backend), backend, GatewaySurface.AzureV1, $"files/{Uri.EscapeDataString(outputFile)}/content", Microsoft.AspNetCore.Http.QueryCollection.Empty);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        await BackendCredentials.ApplyAsync(request, backend, tokens, ct);
        using var response = await forwarder.Client.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var reader = new StreamReader(body);
        int prompt = 0, completion = 0;
        while (await reader.ReadLineAsync(ct) is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            using var document = JsonDocument.Parse(line);
            if (document.RootElement.TryGetProperty("response", out var answer) && answer.ValueKind == JsonValueKind.Object
                && answer.TryGetProperty("body", out var answerBody) && answerBody.ValueKind == JsonValueKind.Object
                && AnswerFacts.UsageOf(answerBody) is { } usage)
            {
                prompt += usage.PromptTokens;
                completion += usage.CompletionTokens;
            }
        }

        return new TokenUsage(prompt, completion, prompt + completion);
    }

    private static partial class Log
    {
        [LoggerMessage(930, LogLevel.Warning, "Request {RequestId}: the output of batch {Batch} could not be read to bill it")]
        public static partial void OutputUnreadable(ILogger logger, string requestId, string batch, Exception exception);
    }
}
