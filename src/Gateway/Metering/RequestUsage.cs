using AiGateway.Gateway.Context;
using AiGateway.Gateway.Forwarding;
using AiGateway.Gateway.Requests;
using AiGateway.Shared.Services.Pricing;

namespace AiGateway.Gateway.Metering;

/// <summary>
/// The tokens one request used: the backend's own figures when it reported them (the body's <c>usage</c>, or the
/// stream's usage chunk); otherwise counted by the gateway, from the prompt it sent and the text it delivered, and
/// marked estimated. Only a backend's report breaks the tokens down by type (cached, reasoning, audio); an estimate
/// counts them all as plain text.
/// </summary>
public sealed record RequestUsage(
    int PromptTokens,
    int CompletionTokens,
    bool Estimated,
    int CachedPromptTokens = 0,
    int ReasoningTokens = 0,
    int AudioPromptTokens = 0,
    int AudioCompletionTokens = 0)
{
    public long TotalTokens => (long)PromptTokens + CompletionTokens;

    /// <summary>The tokens by type, as the price table charges them.</summary>
    public TokenCounts Counts => new(PromptTokens, CompletionTokens, CachedPromptTokens, ReasoningTokens, AudioPromptTokens, AudioCompletionTokens);

    /// <summary>Works out the usage of the attempt that answered the client; null when no backend answered.</summary>
    public static RequestUsage? Of(GatewayRequestContext gateway)
    {
        ArgumentNullException.ThrowIfNull(gateway);
        if (gateway.Usage is { } known)
        {
            return known;
        }

        if (gateway.Outcome is not { Delivered: true } outcome || gateway.Attempt is not { } attempt)
        {
            return null;
        }

        var observer = attempt.Observer;
        RequestUsage usage;
        if (observer.Usage is { } reported)
        {
            usage = new RequestUsage(
                reported.PromptTokens,
                reported.CompletionTokens,
                Estimated: false,
                reported.CachedTokens,
                reported.ReasoningTokens,
                reported.AudioPromptTokens,
                reported.AudioCompletionTokens);
        }
        else if (outcome.BackendStatus >= 400)
        {
            // A refusal the backend answered itself (a content filter, a bad parameter) is not billed.
            usage = new RequestUsage(0, 0, Estimated: false);
        }
        else
        {
            // A stream cut short, or a backend that never sends the usage chunk the gateway asked for: the text the
            // client was given is counted, once, now that the answer is over.
            usage = new RequestUsage(
                TokenEstimator.CountPromptTokens(attempt.Body.Span),
                observer.CountDeliveredCompletionTokens(),
                Estimated: true);
        }

        gateway.Usage = usage;
        return usage;
    }
}
